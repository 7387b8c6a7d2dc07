using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

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
            if (rt.Current.State != JobState.Running || !IsOwnLease(rt.Current))
            {
                return rt.Current; // Ended or taken over by another node meanwhile (a shared store).
            }

            var now = _time.GetUtcNow();
            await FlushProgressLockedAsync(rt, now).ConfigureAwait(false);
            var job = rt.Current;
            if (job.State != JobState.Running || !IsOwnLease(job))
            {
                return job; // The attempt's Running write did not commit: the job is as stored (queued, or another node's), to run again.
            }

            var outcome = AttemptOutcome.Decide(rt, result, error, _options.DetailedErrors);
            if (outcome.State == JobState.Queued)
            {
                // Interrupted by a graceful shutdown: the next start (after the restart) is the same attempt.
                await RequeueAsync(rt, outcome.Error!, notBefore: null, countAttempt: false, now).ConfigureAwait(false);
                return rt.Current;
            }

            if (outcome.State == JobState.Failed && outcome.Retryable && job.Attempt < job.MaxAttempts)
            {
                var backoff = (job.Retry ?? RetryPolicy.None).ComputeBackoff(job.Attempt, Random.Shared.NextDouble());
                EngineLog.JobRetrying(_logger, job.Id, job.Attempt, backoff);
                await RequeueAsync(rt, outcome.Error!, now + backoff, countAttempt: true, now).ConfigureAwait(false);
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
