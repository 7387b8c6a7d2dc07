using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle.Cluster;

/// <summary>
/// The node's periodic duties on the shared store: the poll (claims, cancel requests, expired
/// leases, and events while the listen connection is down), and, on the node that holds the
/// lead, schedule-to-start timeouts and retention sweeps, done once for the whole cluster.
/// </summary>
internal sealed partial class ClusterNode
{
    private const int MaxPerRound = 100;
    private int _polling;
    private int _checkingCancels;
    private bool _leading;
    private DateTimeOffset _lastSweep;

    private async Task PollAsync()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        try
        {
            WakeAll();
            if (!_listening)
            {
                _hub.CatchUpAll();
            }

            await RunDutyAsync("cancel requests", ApplyCancelRequestsAsync).ConfigureAwait(false);
            await RunDutyAsync("lease takeover", async () => await TakeOverAsync(null, _stop.Token).ConfigureAwait(false)).ConfigureAwait(false);
            await RunDutyAsync("lead", LeadAsync).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private async Task RunDutyAsync(string duty, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // Logged; the next poll tries again.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            ClusterLog.DutyFailed(_logger, duty, failure);
        }
    }

    /// <summary>Fires the token of every job running here that someone asked to cancel (through any node).</summary>
    private async Task ApplyCancelRequestsAsync()
    {
        if (_active.Count == 0 || Interlocked.Exchange(ref _checkingCancels, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var request in await Store.ReadCancelRequestsAsync(_options.NodeId, _stop.Token).ConfigureAwait(false))
            {
                if (_active.TryGet(request.JobId, out var rt) && rt.Current.State == JobState.Running && rt.CancelReason == CancelReason.None)
                {
                    ClusterLog.CancelRequested(_logger, rt.Id);
                    rt.RequestCancel(CancelReason.User, request.Reason);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _checkingCancels, 0);
        }
    }

    /// <summary>
    /// Takes over running jobs whose attempt is dead (lease expired, or held by this node's former
    /// run): re-queued with the attempt counted, or failed ABORTED when none is left, through the
    /// same versioned transition as a single node's recovery, so only one node takes each.
    /// </summary>
    private async Task<int> TakeOverAsync(string? formerOwner, CancellationToken cancellationToken)
    {
        // Round after round while rounds come back full and take something: a node that restarts
        // takes back all its former jobs at once, not 100 now and the rest when their leases expire.
        var taken = 0;
        int found, round;
        do
        {
            (found, round) = await TakeOverRoundAsync(formerOwner, cancellationToken).ConfigureAwait(false);
            taken += round;
        }
        while (found == MaxPerRound && round > 0);

        return taken;
    }

    private async Task<(int Found, int Taken)> TakeOverRoundAsync(string? formerOwner, CancellationToken cancellationToken)
    {
        var taken = 0;
        var found = await Store.FindAbandonedAsync(_time.GetUtcNow(), formerOwner, MaxPerRound, cancellationToken).ConfigureAwait(false);
        foreach (var job in found)
        {
            if (_active.Contains(job.Id) || Transient(job) is not { } rt)
            {
                continue; // Running here (its heartbeat lags; the lease keeper handles it), or a task this node lacks.
            }

            ClusterLog.TakingOver(_logger, job.Id, job.LeaseOwner, job.LeaseExpiresAt, job.Attempt);
            await _stateMachine.AbandonAsync(rt).ConfigureAwait(false);
            if (rt.Current.State == JobState.Queued)
            {
                rt.Queue.Enqueue(rt);
            }

            taken++;
        }

        return (found.Count, taken);
    }

    /// <summary>While this node leads: schedule-to-start timeouts, and the retention sweep every <see cref="EngineOptions.RetentionSweepInterval"/>.</summary>
    private async Task LeadAsync()
    {
        var now = _time.GetUtcNow();
        var term = 3 * _options.SharedStorePollInterval;
        var leading = await Store.TryLeadAsync(_options.NodeId, now, term, _stop.Token).ConfigureAwait(false);
        if (leading && !_leading)
        {
            ClusterLog.Leading(_logger, _options.NodeId);
            _lastSweep = now;
        }

        _leading = leading;
        if (!leading)
        {
            return;
        }

        foreach (var job in await Store.FindStartOverdueAsync(now, MaxPerRound, _stop.Token).ConfigureAwait(false))
        {
            if (Transient(job) is { } rt)
            {
                var error = new JobError(JobErrorCodes.DeadlineExceeded, $"The job did not start within its schedule-to-start timeout of {job.ScheduleToStartTimeout}.");
                await _stateMachine.FailQueuedAsync(rt, 0, error).ConfigureAwait(false);
            }
        }

        if (now - _lastSweep >= _options.RetentionSweepInterval)
        {
            _lastSweep = now;
            await _sweeper.SweepAsync().ConfigureAwait(false);
        }
    }
}
