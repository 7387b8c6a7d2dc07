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
internal sealed partial class JobEngine : IJobEngine
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

    public ValueTask<JobSnapshot> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return Local(jobId) is { } job ? ValueTask.FromResult(job) : ReadAsync(jobId, cancellationToken);
    }

    private async ValueTask<JobSnapshot> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        return job is null || job.ExpiresAt <= _time.GetUtcNow() ? throw new JobNotFoundException(jobId) : job;
    }

    /// <summary>
    /// The job as this node runs it, when that is the store's state: a store that does not
    /// pipeline writes (the runtime's snapshot is set only once a write committed), the runtime
    /// not relinquished, and its lease not past expiry (another node may take it over then).
    /// Null otherwise: read the store.
    /// </summary>
    private JobSnapshot? Local(string jobId)
    {
        if (_store.OrdersWrites || !_active.TryGet(jobId, out var rt) || rt.Relinquished || !rt.StartCommitted)
        {
            return null;
        }

        var job = rt.Current;
        return job.LeaseExpiresAt is { } lease && lease <= _time.GetUtcNow() ? null : job;
    }

    public ValueTask<JobSnapshot> AwaitAsync(string jobId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        if (_active.TryGet(jobId, out var rt))
        {
            return AwaitActiveAsync(rt, timeout, cancellationToken);
        }

        return _active.TryGetEnded(jobId, out var ended) && Live(ended) is { } job
            ? ValueTask.FromResult(job)
            : AwaitListeningAsync(jobId, timeout, cancellationToken);
    }

    /// <summary>
    /// <see cref="AwaitAsync"/> for a job this node does not run (ended, unknown, running on
    /// another node, or queued in a shared store): a hub listener, then the job as the hub knows
    /// it when the listener was registered, or else as the store has it.
    /// </summary>
    private async ValueTask<JobSnapshot> AwaitListeningAsync(string jobId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var awaiter = new JobAwaiter();
        var known = await _hub.AttachAsync(jobId, awaiter, cancellationToken).ConfigureAwait(false);
        try
        {
            var job = Live(known) ?? await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
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
    /// <see cref="AwaitAsync"/> for a job this node runs, with no store read and no event-hub
    /// listener: while the job is in <see cref="ActiveJobs"/>, every transition of it goes
    /// through this node's state machine, which completes <see cref="JobRuntime.WhenEnded"/>
    /// right after it publishes the terminal event, with the same snapshot. When the node stops
    /// speaking for the job first (re-queued into a shared store's queue, taken over by another
    /// node, a conflict), the wait goes on through the hub and the store.
    /// </summary>
    private async ValueTask<JobSnapshot> AwaitActiveAsync(JobRuntime rt, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var ended = rt.WhenEnded();
        var started = _time.GetTimestamp();
        JobSnapshot? job;
        try
        {
            job = await ended.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return await GetAsync(rt.Id, cancellationToken).ConfigureAwait(false);
        }

        if (job is not null)
        {
            return job;
        }

        return await AwaitListeningAsync(rt.Id, Remaining(timeout, started), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What is left of <paramref name="timeout"/> (null or infinite: no limit) since <paramref name="started"/>.</summary>
    private TimeSpan? Remaining(TimeSpan? timeout, long started) =>
        timeout is { } limit && limit != Timeout.InfiniteTimeSpan ? TimeSpan.FromTicks(Math.Max(0, (limit - _time.GetElapsedTime(started)).Ticks)) : timeout;

    /// <summary>The hub's snapshot of a job, unless it is missing or expired (the store then says how).</summary>
    private JobSnapshot? Live(JobSnapshot? known) => known is not null && !(known.ExpiresAt <= _time.GetUtcNow()) ? known : null;

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
        var known = await _hub.AttachAsync(jobId, subscription, cancellationToken).ConfigureAwait(false);
        try
        {
            var job = Live(known) ?? await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
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
}
