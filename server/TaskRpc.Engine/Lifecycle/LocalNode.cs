using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The engine's lifecycle on this node alone, when the store is not shared (with a shared store
/// <see cref="Cluster.ClusterNode"/> takes its place): new jobs go into this node's
/// <see cref="ExecutorQueues"/>, a cancel finds its job among the <see cref="ActiveJobs"/>, and on
/// start the store's unfinished jobs are recovered before the queues and the retention sweep start.
/// </summary>
internal sealed class LocalNode
{
    private readonly IJobStore _store;
    private readonly JobStateMachine _stateMachine;
    private readonly JobRunner _runner;
    private readonly TaskRegistry _registry;
    private readonly ActiveJobs _active;
    private readonly ExecutorQueues _queues;
    private readonly RetentionSweeper _sweeper;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger<LocalNode> _logger;

    public LocalNode(
        IJobStore store,
        JobStateMachine stateMachine,
        JobRunner runner,
        TaskRegistry registry,
        ActiveJobs active,
        ExecutorQueues queues,
        RetentionSweeper sweeper,
        TimeProvider time,
        IOptions<EngineOptions> options,
        ILogger<LocalNode> logger)
    {
        _store = store;
        _stateMachine = stateMachine;
        _runner = runner;
        _registry = registry;
        _active = active;
        _queues = queues;
        _sweeper = sweeper;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Stores the new <paramref name="job"/> and queues it; an existing job when its idempotency key was used before.</summary>
    /// <exception cref="QueueFullException">Its tenant's quota or its executor's queue is full.</exception>
    public async ValueTask<JobSnapshot> SubmitAsync(JobSnapshot job, TaskDescriptor task, CancellationToken cancellationToken)
    {
        var queue = _queues.Admit(job, task.ExecutorKind);
        var rt = new JobRuntime(job, task, queue, _runner);
        _active.TryAdd(rt);
        CreateJobResult? created = null;
        try
        {
            created = await _stateMachine.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (created is not { Created: true })
            {
                // Not stored (failed), or an earlier job had its idempotency key: this runtime never runs.
                _active.Remove(rt);
                queue.LeaveWaiting(job.Tenant);
            }
        }

        if (!created.Created)
        {
            return created.Job;
        }

        EngineLog.JobSubmitted(_logger, job.Id, job.Task);
        _runner.Schedule(rt);
        return job;
    }

    /// <summary>Cancels an active job; a job that is not active here is terminal: its state as it is.</summary>
    /// <exception cref="JobNotFoundException">No such job (or it expired).</exception>
    public async ValueTask<CancelResult> CancelAsync(string jobId, string? reason, CancellationToken cancellationToken)
    {
        if (_active.TryGet(jobId, out var rt))
        {
            return await _stateMachine.CancelAsync(rt, reason).ConfigureAwait(false);
        }

        // Not active here: terminal (or, in a cluster, owned by another node).
        var job = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        return job is null || job.ExpiresAt <= _time.GetUtcNow()
            ? throw new JobNotFoundException(jobId)
            : new CancelResult(job, false);
    }

    /// <summary>Recovers the store's unfinished jobs, then starts the queues and the retention sweep.</summary>
    /// <returns>How many jobs were recovered.</returns>
    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        var recovered = 0;
        var now = _time.GetUtcNow();
        foreach (var job in await _store.LoadUnfinishedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_active.Contains(job.Id) && _registry.TryGet(job.Task, out var task) && IsRecoverable(job, now))
            {
                await RecoverAsync(job, task).ConfigureAwait(false);
                recovered++;
            }
        }

        _queues.Start();
        _sweeper.Start();
        return recovered;
    }

    /// <summary>Stops dispatching from the queues.</summary>
    public void Stop() => _queues.Stop();

    /// <summary>
    /// Whether this node recovers the unfinished job: a queued one always; a running one only when
    /// its attempt is certainly dead: the store has no other live user, the lease is this node's
    /// own from before a restart, or the lease expired. Otherwise another node holds it.
    /// </summary>
    private bool IsRecoverable(JobSnapshot job, DateTimeOffset now)
    {
        if (job.State != JobState.Running || _store.IsExclusive
            || string.Equals(job.LeaseOwner, _options.NodeId, StringComparison.Ordinal) || !(job.LeaseExpiresAt > now))
        {
            return true;
        }

        StoreLog.LeaseHeldElsewhere(_logger, job.Id, job.LeaseOwner, job.LeaseExpiresAt);
        return false;
    }

    private async ValueTask RecoverAsync(JobSnapshot job, TaskDescriptor task)
    {
        var queue = _queues[task.ExecutorKind];
        var rt = new JobRuntime(job, task, queue, _runner) { Recovered = true };
        _active.TryAdd(rt);
        if (job.State == JobState.Running)
        {
            await _stateMachine.AbandonAsync(rt).ConfigureAwait(false);
        }
        else
        {
            queue.EnterWaiting(job.Tenant);
        }

        if (rt.Current.State == JobState.Queued)
        {
            _runner.Schedule(rt);
        }
    }
}
