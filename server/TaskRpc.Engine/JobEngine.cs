using System.Runtime.CompilerServices;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Events;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tasks;
using Microsoft.Extensions.Options;

namespace TaskRpc.Engine;

/// <summary>The <see cref="IJobEngine"/>: reads from the store, follows jobs through the event hub, and hands submissions and cancels to the scheduler.</summary>
internal sealed class JobEngine : IJobEngine
{
    private const int MaxWaitIds = 10_000;
    private const int HistoryBatch = 256;
    private readonly IJobStore _store;
    private readonly JobScheduler _scheduler;
    private readonly TaskRegistry _registry;
    private readonly EventHub _hub;
    private readonly ActiveJobs _active;
    private readonly TimeProvider _time;
    private readonly JobLister _lister;
    private readonly int _subscriberCapacity;

    public JobEngine(IJobStore store, JobScheduler scheduler, TaskRegistry registry, EventHub hub, ActiveJobs active, TimeProvider time, JobLister lister, IOptions<EngineOptions> options)
    {
        _store = store;
        _lister = lister;
        _scheduler = scheduler;
        _registry = registry;
        _hub = hub;
        _active = active;
        _time = time;
        _subscriberCapacity = options.Value.SubscriberBufferCapacity;
    }

    public IReadOnlyList<TaskInfo> Tasks => _registry.Tasks;

    public ValueTask<JobSnapshot> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default) =>
        JobTracing.Source.HasListeners()
            ? JobTracing.SubmitAsync(_scheduler, static (scheduler, traced, token) => scheduler.SubmitAsync(traced, token), submission, cancellationToken)
            : _scheduler.SubmitAsync(submission, cancellationToken);

    public async ValueTask<JobSnapshot> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var job = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        return job is null || job.ExpiresAt <= _time.GetUtcNow() ? throw new JobNotFoundException(jobId) : job;
    }

    public ValueTask<JobSnapshot> AwaitAsync(string jobId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return !_hub.IsShared && _active.TryGet(jobId, out var rt)
            ? AwaitActiveAsync(rt, timeout, cancellationToken)
            : AwaitListeningAsync(jobId, timeout, cancellationToken);
    }

    /// <summary><see cref="AwaitAsync"/> for a job this node does not run (ended, unknown, or, with a shared store, any job): a hub listener, then the store.</summary>
    private async ValueTask<JobSnapshot> AwaitListeningAsync(string jobId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var awaiter = new JobAwaiter();
        await _hub.AttachAsync(jobId, awaiter, cancellationToken).ConfigureAwait(false);
        try
        {
            var job = await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (job.State.IsTerminal())
            {
                return job;
            }

            try
            {
                return await awaiter.Terminal.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _hub.Detach(jobId, awaiter);
        }
    }

    /// <summary>
    /// <see cref="AwaitAsync"/> for a job this node runs: waits on the job's own completion (no
    /// event-hub listener). Registered before the store is read, as a hub listener would be, and
    /// completed right after the terminal event is published, with the same snapshot.
    /// </summary>
    private async ValueTask<JobSnapshot> AwaitActiveAsync(JobRuntime rt, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var ended = rt.WhenEnded();
        var job = await GetAsync(rt.Id, cancellationToken).ConfigureAwait(false);
        if (job.State.IsTerminal())
        {
            return job;
        }

        try
        {
            return await ended.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return await GetAsync(rt.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<WaitResult> WaitAsync(IReadOnlyList<string> jobIds, ReturnWhen returnWhen = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var ids = Distinct(jobIds);
        var group = new WaitGroup(returnWhen, ids.Count);
        var attached = 0;
        try
        {
            for (; attached < ids.Count; attached++)
            {
                await _hub.AttachAsync(ids[attached], group, cancellationToken).ConfigureAwait(false);
            }

            foreach (var id in ids)
            {
                group.Observe(await GetAsync(id, cancellationToken).ConfigureAwait(false));
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
            for (var i = 0; i < attached; i++)
            {
                _hub.Detach(ids[i], group);
            }
        }

        var done = new List<JobSnapshot>();
        var pending = new List<JobSnapshot>();
        foreach (var id in ids)
        {
            var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            (job.State.IsTerminal() ? done : pending).Add(job);
        }

        return new WaitResult(done, pending);
    }

    public ValueTask<CancelResult> CancelAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return _scheduler.CancelAsync(jobId, reason, cancellationToken);
    }

    public IAsyncEnumerable<JobEvent> SubscribeAsync(string jobId, long fromSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return SubscribeCoreAsync(jobId, Math.Max(1, fromSequence), cancellationToken);
    }

    public ValueTask<JobPage> ListAsync(JobFilter? filter = null, int pageSize = 0, string? pageToken = null, CancellationToken cancellationToken = default) =>
        _lister.ListAsync(filter, pageSize, pageToken, cancellationToken);

    private async IAsyncEnumerable<JobEvent> SubscribeCoreAsync(string jobId, long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Attach before reading history: every event not in the history read arrives live.
        var subscription = new JobSubscription(_subscriberCapacity);
        await _hub.AttachAsync(jobId, subscription, cancellationToken).ConfigureAwait(false);
        try
        {
            var job = await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            var last = fromSequence - 1;
            if (job.State.IsTerminal() && last >= job.LastSequence)
            {
                yield break; // Asked to resume after the final event: nothing more will come.
            }

            while (true)
            {
                var history = await _store.ReadEventsAsync(jobId, last + 1, HistoryBatch, cancellationToken).ConfigureAwait(false);
                foreach (var jobEvent in history)
                {
                    yield return jobEvent;
                    last = jobEvent.Sequence;
                    if (jobEvent.IsTerminal)
                    {
                        yield break;
                    }
                }

                if (history.Count < HistoryBatch)
                {
                    break;
                }
            }

            while (true)
            {
                var jobEvent = await subscription.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (jobEvent.Sequence <= last)
                {
                    continue;
                }

                yield return jobEvent;
                last = jobEvent.Sequence;
                if (jobEvent.IsTerminal)
                {
                    yield break;
                }
            }
        }
        finally
        {
            _hub.Detach(jobId, subscription);
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
