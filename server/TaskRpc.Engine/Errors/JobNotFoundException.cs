namespace TaskRpc.Engine.Errors;

/// <summary>No job has the id, or it is no longer retained: NOT_FOUND.</summary>
public sealed class JobNotFoundException : TaskRpcException
{
    /// <summary>Creates the exception.</summary>
    public JobNotFoundException()
        : this(string.Empty)
    {
    }

    /// <summary>Creates the exception for a job id.</summary>
    /// <param name="jobId">The id that was not found.</param>
    public JobNotFoundException(string jobId)
        : base(TaskRpcErrorKind.NotFound, $"Job '{jobId}' was not found.") => JobId = jobId;

    /// <summary>Creates the exception for a job id with a cause.</summary>
    /// <param name="jobId">The id that was not found.</param>
    /// <param name="innerException">The cause.</param>
    public JobNotFoundException(string jobId, Exception? innerException)
        : base(TaskRpcErrorKind.NotFound, $"Job '{jobId}' was not found.", innerException) => JobId = jobId;

    /// <summary>The id that was not found.</summary>
    public string JobId { get; }
}
