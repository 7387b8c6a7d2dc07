namespace TaskRpc.Engine.Errors;

/// <summary>
/// What went wrong, one per gRPC status the service layer maps to. The mapping lives in one place
/// in the service; each member names its status.
/// </summary>
public enum TaskRpcErrorKind
{
    /// <summary>A request field or the job's args do not fit: INVALID_ARGUMENT.</summary>
    InvalidArgument = 1,

    /// <summary>The job or task does not exist (or is no longer retained): NOT_FOUND.</summary>
    NotFound = 2,

    /// <summary>An executor's queue is full: RESOURCE_EXHAUSTED.</summary>
    ResourceExhausted = 3,

    /// <summary>The engine is not accepting work (it is stopping): UNAVAILABLE.</summary>
    Unavailable = 4,
}
