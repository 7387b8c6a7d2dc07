using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Events;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle;

namespace TaskRpc.Engine;

/// <content>Wait on many jobs (asyncio.wait): jobs running here are followed through their runtime, the others through the event hub.</content>
internal sealed partial class JobEngine
{
    public async ValueTask<WaitResult> WaitAsync(IReadOnlyList<string> jobIds, ReturnWhen returnWhen = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var ids = Distinct(jobIds);
        var group = new WaitGroup(returnWhen, ids.Count);
        var attached = new List<int>(ids.Count);
        var followed = new List<Task>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var known = new JobSnapshot?[ids.Count];
            for (var i = 0; i < ids.Count; i++)
            {
                if (_active.TryGet(ids[i], out var rt))
                {
                    followed.Add(FollowAsync(rt, group, stop.Token)); // Runs here: no listener, no read (see AwaitActiveAsync).
                    continue;
                }

                known[i] = Live(await _hub.AttachAsync(ids[i], group, cancellationToken).ConfigureAwait(false));
                attached.Add(i);
            }

            foreach (var i in attached)
            {
                group.Observe(known[i] ?? await GetAsync(ids[i], cancellationToken).ConfigureAwait(false));
            }

            if (!group.Met.IsCompleted)
            {
                try
                {
                    await group.Met.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Return what is done and pending now, as asyncio.wait does.
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(followed).ConfigureAwait(false);
            foreach (var i in attached)
            {
                _hub.Detach(ids[i], group);
            }
        }

        var done = new List<JobSnapshot>();
        var pending = new List<JobSnapshot>();
        foreach (var id in ids)
        {
            var job = group.Ended(id) ?? await GetAsync(id, cancellationToken).ConfigureAwait(false); // An ended job does not change.
            (job.State.IsTerminal() ? done : pending).Add(job);
        }

        return new WaitResult(done, pending);
    }

    /// <summary>Gives <paramref name="group"/> the end of a job this node runs, as <see cref="AwaitActiveAsync"/> awaits it, until <paramref name="stop"/>; a failure fails the wait.</summary>
    private async Task FollowAsync(JobRuntime rt, WaitGroup group, CancellationToken stop)
    {
        try
        {
            var job = await rt.WhenEnded().WaitAsync(stop).ConfigureAwait(false)
                ?? await AwaitListeningAsync(rt.Id, timeout: null, stop).ConfigureAwait(false);
            group.Observe(job);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The wait is over.
        }
#pragma warning disable CA1031 // Handed to the waiting caller.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            group.Fail(failure);
        }
    }

    private static List<string> Distinct(IReadOnlyList<string> jobIds)
    {
        if (jobIds.Count is 0)
        {
            throw new InvalidSubmissionException("Give at least one job id.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>(jobIds.Count);
        foreach (var id in jobIds)
        {
            if (seen.Add(id ?? throw new InvalidSubmissionException("Job ids must not be null.")))
            {
                ids.Add(id);
            }
        }

        return ids.Count <= MaxWaitIds ? ids : throw new InvalidSubmissionException($"Wait takes at most {MaxWaitIds} job ids, not {ids.Count}.");
    }
}
