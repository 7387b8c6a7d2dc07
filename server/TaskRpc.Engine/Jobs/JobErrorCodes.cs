namespace TaskRpc.Engine.Jobs;

/// <summary>The gRPC status code names a <see cref="JobError"/> carries.</summary>
public static class JobErrorCodes
{
    /// <summary>The handler threw.</summary>
    public const string Unknown = "UNKNOWN";

    /// <summary>The execution or schedule-to-start timeout passed.</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";

    /// <summary>The job was cancelled.</summary>
    public const string Cancelled = "CANCELLED";

    /// <summary>The job's worker or server died while it ran.</summary>
    public const string Aborted = "ABORTED";

    /// <summary>The job's arguments did not fit its task.</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>The job's result would have made it bigger than the server's job size limit.</summary>
    public const string ResourceExhausted = "RESOURCE_EXHAUSTED";
}
