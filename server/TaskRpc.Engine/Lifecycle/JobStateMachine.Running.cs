using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Events;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The writes of a running job that are not transitions: the lease heartbeat and the flush of
/// the coalesced latest progress report. Both run under the job's gate like every transition.
/// </summary>
internal sealed partial class JobStateMachine
{
    /// <summary>
    /// The heartbeat: extends a running job's lease by <see cref="EngineOptions.LeaseDuration"/>
    /// from now, without an event. False when the store says another node holds the lease now.
    /// </summary>
    public async ValueTask<bool> RenewLeaseAsync(JobRuntime rt)
    {
        await rt.EnterGateAsync().ConfigureAwait(false);
        try
        {
            var job = rt.Current;
            if (job.State != JobState.Running || job.LeaseOwner is not { } owner)
            {
                return true;
            }

            var expiresAt = _time.GetUtcNow() + _options.LeaseDuration;
            if (!await _store.RenewLeaseAsync(job.Id, owner, expiresAt).ConfigureAwait(false))
            {
                rt.Relinquish(); // Another node took it over: its waiters here follow it through the store and the hub.
                return false;
            }

            rt.Current = job with { LeaseExpiresAt = expiresAt };
            return true;
        }
        finally
        {
            rt.ExitGate();
        }
    }

    /// <summary>Publishes the job's latest coalesced progress report, if it is still running.</summary>
    public async ValueTask FlushProgressAsync(JobRuntime rt)
    {
        await rt.EnterGateAsync().ConfigureAwait(false);
        try
        {
            if (rt.Current.State == JobState.Running)
            {
                await FlushProgressLockedAsync(rt, _time.GetUtcNow()).ConfigureAwait(false);
            }
        }
        finally
        {
            rt.ExitGate();
        }
    }

    private async ValueTask FlushProgressLockedAsync(JobRuntime rt, DateTimeOffset now)
    {
        if (!rt.TakeProgress(now.UtcTicks, out var fraction, out var message, out var detail))
        {
            return;
        }

        var detailJson = TaskJson.SerializeDetail(detail); // Null for a detail that cannot be serialized.

        var job = rt.Current;
        var next = _sizeLimit.Fit(job with { Progress = new JobProgress(fraction, message, detailJson), LastSequence = job.LastSequence + 1 });
        var progressEvent = new JobEvent { JobId = job.Id, Sequence = next.LastSequence, Time = now, Progress = next.Progress };
        await CommitAsync(rt, next, progressEvent).ConfigureAwait(false);
    }
}
