using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Events;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle.Cluster;

/// <summary>
/// This node's part in a cluster on a shared store (<see cref="ISharedJobStore"/>), active only
/// when the engine's store is one: the executors' <see cref="ClaimQueue"/>s, the signal listener
/// that wakes them and feeds other nodes' events to the <see cref="EventHub"/>, cancels of jobs
/// that run elsewhere, and the poll that catches what a lost signal missed (runnable and delayed
/// jobs, cancel requests, expired leases) plus, on the node that leads, the cluster-wide duties.
/// </summary>
internal sealed partial class ClusterNode : IDisposable
{
    private const int MaxCancelRounds = 5;
    private readonly ISharedJobStore? _store;
    private readonly JobStateMachine _stateMachine;
    private readonly JobRunner _runner;
    private readonly TaskRegistry _registry;
    private readonly ActiveJobs _active;
    private readonly EventHub _hub;
    private readonly RetentionSweeper _sweeper;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger<ClusterNode> _logger;
    private readonly Dictionary<ExecutorKind, ClaimQueue> _queues = [];
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _poll;
    private Task? _listen;
    private volatile bool _listening;

    public ClusterNode(
        IJobStore store,
        JobStateMachine stateMachine,
        JobRunner runner,
        TaskRegistry registry,
        ActiveJobs active,
        EventHub hub,
        RetentionSweeper sweeper,
        IEnumerable<IJobExecutor> executors,
        TimeProvider time,
        IOptions<EngineOptions> options,
        ILogger<ClusterNode> logger)
    {
        _store = store as ISharedJobStore;
        _stateMachine = stateMachine;
        _runner = runner;
        _registry = registry;
        _active = active;
        _hub = hub;
        _sweeper = sweeper;
        _time = time;
        _options = options.Value;
        _logger = logger;
        if (_store is null)
        {
            return;
        }

        var parts = new ClusterParts(_store, stateMachine, runner, active, time, logger);
        foreach (var executor in executors)
        {
            var tasks = new List<TaskDescriptor>();
            foreach (var info in registry.Tasks)
            {
                if (info.Executor == executor.Kind && registry.TryGet(info.Name, out var task))
                {
                    tasks.Add(task);
                }
            }

            _queues[executor.Kind] = new ClaimQueue(executor.Kind, executor.Capacity, tasks, parts);
        }
    }

    /// <summary>True when the engine's store is shared: this node claims from it instead of queueing in memory.</summary>
    public bool IsActive => _store is not null;

    private ISharedJobStore Store => _store ?? throw new InvalidOperationException("The job store is not shared.");

    /// <summary>Joins the cluster: sequenced events, signals, takes over what a former run of this node left, starts claiming and polling.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = Store;
        _hub.UseSharedStore(store);
        var signals = Channel.CreateUnbounded<StoreSignal>(new UnboundedChannelOptions { SingleReader = true });
        _listen = store.ListenAsync(signals.Writer, _stop.Token);
        _ = ReadSignalsAsync(signals.Reader);
        var takenOver = await TakeOverAsync(_options.NodeId, cancellationToken).ConfigureAwait(false);
        foreach (var queue in _queues.Values)
        {
            queue.Start();
        }

        var interval = _options.SharedStorePollInterval;
        _poll = _time.CreateTimer(static state => _ = ((ClusterNode)state!).PollAsync(), this, interval, interval);
        ClusterLog.Joined(_logger, _options.NodeId, takenOver);
    }

    /// <summary>Stops claiming (running attempts are interrupted by the scheduler and go back to the store's queue).</summary>
    public void Stop()
    {
        _poll?.Dispose();
        foreach (var queue in _queues.Values)
        {
            queue.Stop();
        }
    }

    /// <summary>
    /// Creates a submitted job in the store. When this node can run it now (a free slot of its
    /// executor, and no runnable job waiting in the store: <see cref="ClaimQueue.TryReserveAsync"/>),
    /// the job is created started here, its create being its claim (one commit instead of two);
    /// otherwise it is created queued and this node's claims are woken (the store's signal wakes
    /// the others). A job without an idempotency key, on a store that orders its writes
    /// (<see cref="ISharedJobStore.OrdersCreateStarted"/>), starts even before its create
    /// committed (<see cref="StartHereAsync"/>).
    /// </summary>
    public async ValueTask<JobSnapshot> SubmitAsync(JobSnapshot job, TaskDescriptor task, CancellationToken cancellationToken)
    {
        _queues.TryGetValue(job.Executor, out var queue);
        var direct = queue is not null && !(job.NotBefore > _time.GetUtcNow()) && await queue.TryReserveAsync(task, cancellationToken).ConfigureAwait(false);
        if (direct && job.IdempotencyKey is null && Store.OrdersCreateStarted)
        {
            return await StartHereAsync(queue!, job, task, cancellationToken).ConfigureAwait(false);
        }

        CreateJobResult? created = null;
        try
        {
            created = direct
                ? await _stateMachine.CreateStartedAsync(Store, job, cancellationToken).ConfigureAwait(false)
                : await _stateMachine.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (direct && created is not { Created: true })
            {
                queue!.Unreserve(task); // Not stored (failed), or an earlier job had its idempotency key.
            }
        }

        if (!created.Created)
        {
            return created.Job;
        }

        EngineLog.JobSubmitted(_logger, job.Id, job.Task);
        if (direct)
        {
            queue!.Run(created.Job, task);
        }
        else if (job.NotBefore is { } notBefore)
        {
            queue?.WakeAt(notBefore);
        }
        else
        {
            queue?.Wake();
        }

        return job;
    }

    /// <summary>
    /// The pipelined direct start: the job's create is queued and its attempt starts at once in
    /// the slot reserved for it; the submission is answered once the create committed (with the
    /// job's end, when the attempt ended already). The attempt's later writes queue behind the
    /// create, so a short job's create and outcome often share one commit.
    /// </summary>
    private async ValueTask<JobSnapshot> StartHereAsync(ClaimQueue queue, JobSnapshot job, TaskDescriptor task, CancellationToken cancellationToken)
    {
        var rt = new JobRuntime(_stateMachine.StartedHere(job), task, queue, _runner) { Claimed = true, PendingCreate = true };
        _active.TryAdd(rt); // Before the create is queued: a create that fails drops the runtime from the active jobs.
        Task<CreateJobResult> created;
        try
        {
            created = _stateMachine.BeginCreateStarted(Store, job, rt);
        }
        catch
        {
            _active.Remove(rt);
            queue.Unreserve(task); // Not queued (the store is closed).
            throw;
        }

        ClaimQueue.Dispatch(rt); // From here the attempt's end gives the slot back, even if the create fails.
        if (!await rt.PendingStart!.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            await created.ConfigureAwait(false); // Throws the create's failure.
        }

        EngineLog.JobSubmitted(_logger, job.Id, job.Task);
        return rt.Ended ?? job;
    }

    /// <summary>
    /// Cancels a job wherever it is: one running here through the state machine; a queued one by
    /// its Cancelled transition (versioned: if a node claimed it meanwhile, it is running there);
    /// one running on another node by a stored request its owner acts on.
    /// </summary>
    public async ValueTask<CancelResult> CancelAsync(string jobId, string? reason, CancellationToken cancellationToken)
    {
        JobSnapshot? job = null;
        for (var round = 0; round < MaxCancelRounds; round++)
        {
            if (_active.TryGet(jobId, out var local))
            {
                return await _stateMachine.CancelAsync(local, reason).ConfigureAwait(false);
            }

            job = await Store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (job is null || job.ExpiresAt <= _time.GetUtcNow())
            {
                throw new JobNotFoundException(jobId);
            }

            switch (job.State)
            {
                case JobState.Queued when Transient(job) is { } rt:
                    var cancelled = await _stateMachine.CancelAsync(rt, reason).ConfigureAwait(false);
                    if (rt.Current.State != JobState.Running)
                    {
                        return cancelled;
                    }

                    break; // Claimed meanwhile: it runs on a node now.
                case JobState.Running:
                    if (await Store.RequestCancelAsync(jobId, reason, cancellationToken).ConfigureAwait(false))
                    {
                        return new CancelResult(job, true);
                    }

                    break; // Ended or re-queued meanwhile.
                default:
                    return new CancelResult(job, false);
            }
        }

        return new CancelResult(job!, false);
    }

    public void Dispose()
    {
        _poll?.Dispose();
        _stop.Cancel();
        foreach (var queue in _queues.Values)
        {
            queue.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>A runtime for a job this node does not run, to apply one transition to it (cancel, fail, take over); null for a task not registered here.</summary>
    private JobRuntime? Transient(JobSnapshot job) =>
        _registry.TryGet(job.Task, out var task) ? new JobRuntime(job, task, _queues[task.ExecutorKind], _runner) : null;

    private async Task ReadSignalsAsync(ChannelReader<StoreSignal> signals)
    {
        await foreach (var signal in signals.ReadAllAsync().ConfigureAwait(false))
        {
            switch (signal.Kind)
            {
                case StoreSignalKind.JobQueued when _queues.TryGetValue(signal.Executor, out var queue):
                    queue.Wake();
                    break;
                case StoreSignalKind.JobChanged when signal.JobId is { } jobId && !WroteHere(jobId, signal.Sequence):
                    _hub.OnRemoteChange(jobId, signal.Sequence);
                    break;
                case StoreSignalKind.CancelRequested:
                    _ = RunDutyAsync("cancel requests", ApplyCancelRequestsAsync);
                    break;
                case StoreSignalKind.Resync:
                    _listening = true;
                    ClusterLog.Listening(_logger);
                    WakeAll();
                    _hub.CatchUpAll();
                    _ = RunDutyAsync("cancel requests", ApplyCancelRequestsAsync);
                    break;
                case StoreSignalKind.ListenLost:
                    _listening = false;
                    ClusterLog.ListenLost(_logger, _options.SharedStorePollInterval);
                    break;
            }
        }
    }

    /// <summary>
    /// True when the signal is this node's own write: the job runs here and its runtime is at
    /// <paramref name="sequence"/> or later, and every runtime state here was published to the
    /// hub by the write that set it (or caught up after a conflict's re-read), so a store read
    /// for the signal would only race that publish (most signals of a busy node are its own).
    /// </summary>
    private bool WroteHere(string jobId, long sequence) => _active.TryGet(jobId, out var rt) && rt.Current.LastSequence >= sequence;

    private void WakeAll()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Wake();
        }
    }
}
