using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Lifecycle.Cluster;

/// <content>The claim loop: rounds of claims from the store, each as many jobs as there are free slots.</content>
internal sealed partial class ClaimQueue
{
    private async Task ClaimLoopAsync()
    {
        while (await ClaimRoundAsync().ConfigureAwait(false))
        {
            TaskCompletionSource? waiting = null;
            lock (_gate)
            {
                if (_claimsEnd is not null && ++_roundsWaited >= MaxRoundsWaited)
                {
                    waiting = TakeWaitingLocked(); // They waited long enough: claims go on.
                }
            }

            waiting?.TrySetResult();
        }
    }

    /// <summary>Under the gate: the claims end for now; returns the submissions that waited for that (<see cref="TryReserveAsync"/>), to release outside the gate.</summary>
    private TaskCompletionSource? EndClaimsLocked()
    {
        _claiming = false;
        return TakeWaitingLocked();
    }

    private TaskCompletionSource? TakeWaitingLocked()
    {
        var waiting = _claimsEnd;
        (_claimsEnd, _roundsWaited) = (null, 0);
        return waiting;
    }

    /// <summary>One claim round: claims and dispatches what there is room for; false when the claims end for now (submissions waiting for that ask for a slot again).</summary>
    private async Task<bool> ClaimRoundAsync()
    {
        ClaimRequest? request;
        TaskCompletionSource? waiting = null;
        lock (_gate)
        {
            _again = false;
            request = NextRequest();
            if (request is null)
            {
                waiting = EndClaimsLocked();
            }
        }

        if (request is null)
        {
            waiting?.TrySetResult();
            return false;
        }

        ClaimResult result;
        try
        {
            result = await _store.ClaimAsync(request).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Logged; the next signal or poll claims again.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            ClusterLog.ClaimFailed(_logger, Kind.ToString(), failure);
            lock (_gate)
            {
                waiting = EndClaimsLocked();
            }

            waiting?.TrySetResult();
            return false;
        }

        Dispatch(result.Started);
        if (result.NextDue is { } due)
        {
            WakeAt(due);
        }

        lock (_gate)
        {
            if (result.Started.Count >= request.MaxCount || _again)
            {
                return true;
            }

            // Drained for every task it asked for; tasks left out (a full lane) keep the backlog.
            _backlog = request.Tasks.Count < _tasks.Count;
            waiting = EndClaimsLocked();
        }

        waiting?.TrySetResult();
        return false;
    }

    /// <summary>What to claim now: free slots, and the tasks whose lane has room; null when there is no room.</summary>
    private ClaimRequest? NextRequest()
    {
        var free = Math.Min(_capacity - _running, MaxBatch);
        if (!_started || free <= 0)
        {
            return null;
        }

        var names = new List<string>(_tasks.Count);
        foreach (var task in _tasks.Values)
        {
            var lane = task.Lane;
            if (lane.Limit == 0)
            {
                names.Add(task.Name);
            }
            else if (lane.Running < lane.Limit)
            {
                names.Add(task.Name);
                free = Math.Min(free, lane.Limit - lane.Running);
            }
        }

        return names.Count == 0 ? null : _stateMachine.Claim(Kind, names, free, _time.GetUtcNow());
    }

    private void Dispatch(IReadOnlyList<JobSnapshot> started)
    {
        foreach (var job in started)
        {
            var task = _tasks[job.Task];
            lock (_gate)
            {
                TakeSlot(task);
            }

            _stateMachine.PublishClaimed(job);
            Run(job, task);
        }
    }
}
