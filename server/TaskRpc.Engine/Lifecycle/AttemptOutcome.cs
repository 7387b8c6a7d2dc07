using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// How an attempt ended. Precedence: a caller's cancel wins, even over a handler that returned
/// successfully despite it; then a graceful shutdown, which puts the job back in the queue
/// (Queued) without counting the attempt; then success; then a timeout
/// (DEADLINE_EXCEEDED); then a failure in or of a worker process
/// (its error as reported: the handler's, or ABORTED when the worker died); then invalid args (INVALID_ARGUMENT, never retried); then any other
/// exception (UNKNOWN). Timeouts and handler exceptions may be retried.
/// </summary>
/// <param name="State">Succeeded, Failed or Cancelled; Queued when a shutdown interrupted the attempt.</param>
/// <param name="Result">The result when Succeeded.</param>
/// <param name="Error">The error when Failed or Cancelled.</param>
/// <param name="Retryable">Whether a Failed attempt may be retried.</param>
internal readonly record struct AttemptOutcome(JobState State, Payload? Result, JobError? Error, bool Retryable)
{
    public static AttemptOutcome Decide(JobRuntime job, Payload? result, Exception? error, bool detailedErrors)
    {
        switch (job.CancelReason)
        {
            case CancelReason.User:
                return Cancelled(job.CancelMessage is { Length: > 0 } reason ? $"Cancelled: {reason}" : "Cancelled.");
            case CancelReason.Shutdown:
                return new AttemptOutcome(
                    JobState.Queued,
                    null,
                    new JobError(JobErrorCodes.Aborted, $"Attempt {job.Current.Attempt} was interrupted: the server is shutting down. It does not count; the job runs again when the server is back."),
                    Retryable: false);
        }

        if (error is null)
        {
            return new AttemptOutcome(JobState.Succeeded, result ?? Payload.JsonNull, null, false);
        }

        if (job.CancelReason == CancelReason.Timeout)
        {
            var timeout = job.Current.ExecutionTimeout ?? TimeSpan.Zero;
            return new AttemptOutcome(
                JobState.Failed,
                null,
                new JobError(JobErrorCodes.DeadlineExceeded, $"Attempt {job.Current.Attempt} exceeded its execution timeout of {timeout}."),
                Retryable: true);
        }

        if (error is WorkerJobException remote)
        {
            var reported = detailedErrors ? remote.Error : remote.Error with { Details = null };
            return new AttemptOutcome(JobState.Failed, null, reported, remote.Retryable);
        }

        if (error is InvalidSubmissionException invalid)
        {
            return new AttemptOutcome(JobState.Failed, null, new JobError(JobErrorCodes.InvalidArgument, invalid.Message), false);
        }

        return new AttemptOutcome(
            JobState.Failed,
            null,
            new JobError(JobErrorCodes.Unknown, error.Message, error.GetType().FullName, detailedErrors ? error.ToString() : null),
            Retryable: true);
    }

    private static AttemptOutcome Cancelled(string message) =>
        new(JobState.Cancelled, null, new JobError(JobErrorCodes.Cancelled, message), false);
}
