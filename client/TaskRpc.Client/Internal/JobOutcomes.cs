using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>Turns a terminal job into its result or the exception an await of it throws.</summary>
internal static class JobOutcomes
{
    /// <summary>The exception for a FAILED or CANCELLED job; null for a SUCCEEDED one.</summary>
    public static Exception? ExceptionOf(Job job) => job.State switch
    {
        JobState.Failed => new RemoteJobFailedException(job.Id, job.Task, job.Error ?? new JobError { Code = "UNKNOWN" }),
        JobState.Cancelled => new OperationCanceledException(
            $"Job {job.Id} ({job.Task}) was cancelled" + (string.IsNullOrEmpty(job.Error?.Message) ? "." : ": " + job.Error.Message)),
        _ => null,
    };

    /// <summary>The typed result of a terminal job, or throws its exception.</summary>
    public static TResult ResultOf<TResult>(Job job)
    {
        if (!JobStates.IsTerminal(job.State))
        {
            throw new InvalidOperationException($"Job {job.Id} has not ended (state {job.State}).");
        }

        if (ExceptionOf(job) is { } exception)
        {
            throw exception;
        }

        return PayloadCodec.Decode<TResult>(job.Result);
    }

    /// <summary>The outcome of a terminal job, without throwing its exception.</summary>
    public static JobOutcome<TResult> OutcomeOf<TResult>(Job job) => ExceptionOf(job) is { } exception
        ? new JobOutcome<TResult>(default, exception)
        : new JobOutcome<TResult>(PayloadCodec.Decode<TResult>(job.Result), null);
}
