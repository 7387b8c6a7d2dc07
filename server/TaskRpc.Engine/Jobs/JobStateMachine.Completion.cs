using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Scheduling;

namespace TaskRpc.Engine.Jobs;

/// <summary>
/// How a running attempt ends: it succeeds, fails, is cancelled, is re-queued for a retry after
/// its backoff, or, when a graceful shutdown interrupted it, goes back to the queue uncounted.
/// </summary>
internal sealed partial class JobStateMachine
{
    /// <summary>Ends the running attempt: flushes pending progress, then succeeds, fails, cancels, or re-queues for a retry or after a shutdown's interruption.</summary>
    public async ValueTask<JobSnapshot> CompleteAttemptAsync(JobRuntime rt, Payload? result, Exception? error)
    {
        await rt.EnterGateAsync().ConfigureAwait(false);
        try
        {
            if (rt.Current.State != JobState.Running)
            {
                return rt.Current;
            }

            var now = _time.GetUtcNow();
            await FlushProgressLockedAsync(rt, now).ConfigureAwait(false);
            var job = rt.Current;
            if (job.State != JobState.Running)
            {
                return job; // The attempt's Running write did not commit: the job is as stored (queued), to run again.
            }

            var outcome = AttemptOutcome.Decide(rt, result, error, _options.DetailedErrors);
            if (outcome.State == JobState.Queued)
            {
                // Interrupted by a graceful shutdown: back to the queue as if the attempt had not
                // started, so the next start (after the restart) has the same attempt number.
                var interrupted = job with
                {
                    State = JobState.Queued,
                    Attempt = job.Attempt - 1,
                    Error = outcome.Error,
                    LeaseOwner = null,
                    LeaseExpiresAt = null,
                    LastSequence = job.LastSequence + 1,
                };
                await CommitAsync(rt, interrupted, new JobStateChange(JobState.Queued, job.Attempt, null, outcome.Error), now).ConfigureAwait(false);
                return rt.Current;
            }

            if (outcome.State == JobState.Failed && outcome.Retryable && job.Attempt < job.MaxAttempts)
            {
                var backoff = (job.Retry ?? RetryPolicy.None).ComputeBackoff(job.Attempt, Random.Shared.NextDouble());
                var retry = job with
                {
                    State = JobState.Queued,
                    Error = outcome.Error,
                    NotBefore = now + backoff,
                    LeaseOwner = null,
                    LeaseExpiresAt = null,
                    LastSequence = job.LastSequence + 1,
                };
                EngineLog.JobRetrying(_logger, job.Id, job.Attempt, backoff);
                await CommitAsync(rt, retry, new JobStateChange(JobState.Queued, job.Attempt, null, outcome.Error), now).ConfigureAwait(false);
                return rt.Current;
            }

            await EndAsync(rt, outcome.State, outcome.Result, outcome.Error, now).ConfigureAwait(false);
            return rt.Current;
        }
        finally
        {
            rt.ExitGate();
        }
    }
}
