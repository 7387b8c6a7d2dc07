using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// What happens to a job from outside its attempt: a caller's cancel, a queued job's
/// schedule-to-start timeout, and, at recovery, a Running job whose attempt was lost.
/// </summary>
internal sealed partial class JobStateMachine
{
    /// <summary>
    /// Cancels a job: a queued one ends Cancelled at once; a running one has its token fired and
    /// ends Cancelled when its handler returns; a terminal one is left as it is (false).
    /// </summary>
    public async ValueTask<CancelResult> CancelAsync(JobRuntime rt, string? reason)
    {
        await rt.EnterGateAsync().ConfigureAwait(false);
        try
        {
            var job = rt.Current;
            switch (job.State)
            {
                case JobState.Queued:
                    var message = reason is { Length: > 0 } ? $"Cancelled: {reason}" : "Cancelled before it started.";
                    await EndAsync(rt, JobState.Cancelled, null, new JobError(JobErrorCodes.Cancelled, message), _time.GetUtcNow()).ConfigureAwait(false);
                    return new CancelResult(rt.Current, rt.Current.State == JobState.Cancelled);
                case JobState.Running:
                    if (rt.PendingStart is { } start)
                    {
                        await start.ConfigureAwait(false); // Running is reported only once durable.
                    }

                    rt.RequestCancel(CancelReason.User, reason);
                    return new CancelResult(job, true);
                default:
                    return new CancelResult(job, false);
            }
        }
        finally
        {
            rt.ExitGate();
        }
    }

    /// <summary>Queued → Failed (e.g. the schedule-to-start timeout), if the job is still queued at <paramref name="attempt"/>.</summary>
    public async ValueTask FailQueuedAsync(JobRuntime rt, int attempt, JobError error)
    {
        await rt.EnterGateAsync().ConfigureAwait(false);
        try
        {
            if (rt.Current.State == JobState.Queued && rt.Current.Attempt == attempt)
            {
                await EndAsync(rt, JobState.Failed, null, error, _time.GetUtcNow()).ConfigureAwait(false);
            }
        }
        finally
        {
            rt.ExitGate();
        }
    }

    /// <summary>Recovery: a job found Running with no live attempt is re-queued if attempts remain, else fails ABORTED.</summary>
    public async ValueTask AbandonAsync(JobRuntime rt)
    {
        await rt.EnterGateAsync().ConfigureAwait(false);
        try
        {
            var job = rt.Current;
            if (job.State != JobState.Running)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var error = new JobError(JobErrorCodes.Aborted, $"Attempt {job.Attempt} was lost: its server stopped while it ran.");
            if (job.Attempt >= job.MaxAttempts)
            {
                await EndAsync(rt, JobState.Failed, null, error, now).ConfigureAwait(false);
                return;
            }

            await RequeueAsync(rt, error, notBefore: null, countAttempt: true, now).ConfigureAwait(false);
        }
        finally
        {
            rt.ExitGate();
        }
    }
}
