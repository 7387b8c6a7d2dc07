using TaskRpc.Contracts.V1;

namespace TaskRpc.Client;

/// <summary>
/// Thrown by an await of a remote job that ended FAILED: its handler threw, it timed out
/// (<c>DEADLINE_EXCEEDED</c>), its worker died (<c>ABORTED</c>) or its args were refused.
/// </summary>
public sealed class RemoteJobFailedException : Exception
{
    /// <summary>Creates an exception for an unnamed job.</summary>
    public RemoteJobFailedException()
        : this("The remote job failed.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public RemoteJobFailedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    public RemoteJobFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        JobId = string.Empty;
        TaskName = string.Empty;
        Error = new JobError { Code = "UNKNOWN", Message = message };
    }

    /// <summary>Creates an exception for job <paramref name="jobId"/> that failed with <paramref name="error"/>.</summary>
    /// <param name="jobId">The failed job's id.</param>
    /// <param name="taskName">The failed job's task.</param>
    /// <param name="error">The remote error as the server reported it.</param>
    public RemoteJobFailedException(string jobId, string taskName, JobError error)
        : base(FormatMessage(jobId, taskName, error))
    {
        ArgumentNullException.ThrowIfNull(error);
        JobId = jobId;
        TaskName = taskName;
        Error = error;
    }

    /// <summary>The failed job's id.</summary>
    public string JobId { get; }

    /// <summary>The failed job's task, e.g. <c>demo.fail</c>.</summary>
    public string TaskName { get; }

    /// <summary>The remote error: code (a gRPC status name such as UNKNOWN), message, exception type, details.</summary>
    public JobError Error { get; }

    /// <summary>The remote error's code, e.g. <c>UNKNOWN</c> when the handler threw or <c>DEADLINE_EXCEEDED</c>.</summary>
    public string ErrorCode => Error.Code;

    /// <summary>The remote error's message, e.g. the handler's exception message.</summary>
    public string RemoteMessage => Error.Message;

    private static string FormatMessage(string jobId, string taskName, JobError? error) =>
        $"Job {jobId} ({taskName}) failed: {error?.Code}: {error?.Message}";
}
