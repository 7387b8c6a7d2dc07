using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// An attempt that failed in (or with) a worker process: the handler's error as the worker reported
/// it, or ABORTED when the worker died or could not run it. The job's outcome takes
/// <see cref="Error"/> as it is.
/// </summary>
internal sealed class WorkerJobException : Exception
{
    public WorkerJobException(JobError error, bool retryable)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
        Retryable = retryable;
    }

    public WorkerJobException()
        : this(new JobError(JobErrorCodes.Aborted, "The worker failed."), true)
    {
    }

    public WorkerJobException(string message)
        : this(new JobError(JobErrorCodes.Aborted, message), true)
    {
    }

    public WorkerJobException(string message, Exception innerException)
        : base(message, innerException) => Error = new JobError(JobErrorCodes.Aborted, message);

    public JobError Error { get; }

    /// <summary>Whether the attempt may be retried under the job's retry policy.</summary>
    public bool Retryable { get; } = true;
}
