using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Lifecycle.Cluster;

/// <content>The claim loop: rounds of claims from the store, each as many jobs as there are free slots.</content>
internal sealed partial class ClaimQueue
{
    private async Task ClaimLoopAsync()
    {
        var again = true;
        while (again)
        {
            again = await ClaimRoundAsync().ConfigureAwait(false);
            TaskCompletionSource? waiting = null;
            lock (_gate)
            {
                if (_claimsEnd is not null && (!again || ++_roundsWaited >= MaxRoundsWaited))
                {
                    (waiting, _claimsEnd, _roundsWaited) = (_claimsEnd, null, 0);
                }
            }

            waiting?.TrySetResult(); // Submissions that waited for the claims ask for a slot again.
        }
    }

    /// <summary>One claim round: claims and dispatches what there is room for; false when the claims end for now.</summary>
    private async Task<bool> ClaimRoundAsync()
    {
        ClaimRequest? request;
        lock (_gate)
        {
            _again = false;
            request = NextRequest();
            if (request is null)
            {
                _claiming = false;
                return false;
            }
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
                _claiming = false;
            }

            return false;
        }

        Dispatch(result.Started);
        if (result.NextDue is { } due)
        {
            WakeAt(due);
        }

        lock (_gate)
        {
            if (result.Started.Count < request.MaxCount && !_again)
            {
                // Drained for every task it asked for; tasks left out (a full lane) keep the backlog.
                _backlog = request.Tasks.Count < _tasks.Count;
                _claiming = false;
                return false;
            }
        }

        return true;
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
