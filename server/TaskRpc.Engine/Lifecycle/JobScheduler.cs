using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle.Cluster;
using TaskRpc.Engine.Limits;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// Accepts jobs into the per-executor queues, cancels them, and runs the engine's lifecycle as a
/// hosted service: on start it recovers unfinished jobs from the store and starts dispatching; on
/// stop it stops dispatching and interrupts running jobs (their tokens fire, and each goes back to
/// the queue with its attempt uncounted, to run again after a restart), waiting for them up to
/// <see cref="EngineOptions.ShutdownTimeout"/>.
/// </summary>
internal sealed class JobScheduler : IHostedService
{
    private readonly IJobStore _store;
    private readonly JobStateMachine _stateMachine;
    private readonly JobRunner _runner;
    private readonly TaskRegistry _registry;
    private readonly ActiveJobs _active;
    private readonly RetentionSweeper _sweeper;
    private readonly LeaseKeeper _leases;
    private readonly JobIdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly JobSizeLimit _sizeLimit;
    private readonly ILogger<JobScheduler> _logger;
    private readonly TenantShares _shares;
    private readonly ClusterNode _cluster;
    private readonly Dictionary<ExecutorKind, ExecutorQueue> _queues = [];
    private volatile bool _stopping;

    public JobScheduler(
        IJobStore store,
        JobStateMachine stateMachine,
        JobRunner runner,
        TaskRegistry registry,
        ActiveJobs active,
        RetentionSweeper sweeper,
        LeaseKeeper leases,
        ClusterNode cluster,
        IEnumerable<IJobExecutor> executors,
        EngineMetrics metrics,
        TimeProvider time,
        JobSizeLimit sizeLimit,
        TenantShares shares,
        IOptions<EngineOptions> options,
        ILogger<JobScheduler> logger)
    {
        _sizeLimit = sizeLimit;
        _shares = shares;
        _store = store;
        _stateMachine = stateMachine;
        _runner = runner;
        _registry = registry;
        _active = active;
        _sweeper = sweeper;
        _leases = leases;
        _cluster = cluster;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _ids = new JobIdGenerator(time);
        foreach (var executor in executors)
        {
            var capacity = executor.Kind switch
            {
                ExecutorKind.Threads => _options.Threads.QueueCapacity,
                ExecutorKind.Processes => _options.Processes.QueueCapacity,
                _ => _options.Async.QueueCapacity,
            };
            _queues[executor.Kind] = new ExecutorQueue(executor, capacity, shares);
        }

        metrics.Meter.CreateObservableGauge("taskrpc.queue.depth", ObserveQueueDepth, "{job}", "Jobs waiting for an executor, by executor.");
    }

    public async ValueTask<JobSnapshot> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (_stopping)
        {
            throw new EngineUnavailableException();
        }

        if (!_registry.TryGet(submission.Task ?? string.Empty, out var task))
        {
            throw new TaskNotFoundException(submission.Task ?? string.Empty);
        }

        SubmissionValidator.Validate(submission, task);
        var job = NewJob(submission, task);
        _sizeLimit.CheckSubmission(job);
        if (_cluster.IsActive)
        {
            return await _cluster.SubmitAsync(job, cancellationToken).ConfigureAwait(false);
        }

        var queue = _queues[task.ExecutorKind];
        if (!_shares.TryEnterQueued(job.Tenant, out var tenantLimit))
        {
            throw new QueueFullException($"Tenant '{job.Tenant}' has {tenantLimit} jobs queued, its quota; retry later.");
        }

        if (!queue.TryReserve())
        {
            _shares.AddQueued(job.Tenant, -1);
            throw new QueueFullException(task.ExecutorKind, queue.QueueCapacity);
        }

        var rt = new JobRuntime(job, task, queue, _runner);
        _active.TryAdd(rt);
        CreateJobResult created;
        try
        {
            created = await _stateMachine.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _active.Remove(rt);
            queue.LeaveWaiting(job.Tenant);
            throw;
        }

        if (!created.Created)
        {
            _active.Remove(rt);
            queue.LeaveWaiting(job.Tenant);
            return created.Job;
        }

        EngineLog.JobSubmitted(_logger, job.Id, job.Task);
        _runner.Schedule(rt);
        return job;
    }

    public async ValueTask<CancelResult> CancelAsync(string jobId, string? reason, CancellationToken cancellationToken)
    {
        if (_cluster.IsActive)
        {
            return await _cluster.CancelAsync(jobId, reason, cancellationToken).ConfigureAwait(false);
        }

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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_cluster.IsActive)
        {
            // The queue lives in the shared store: nothing to load; the node claims from it.
            await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
            _leases.Start();
            return;
        }

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

        foreach (var queue in _queues.Values)
        {
            queue.Start();
        }

        _sweeper.Start();
        _leases.Start();
        EngineLog.EngineStarted(_logger, _options.NodeId, recovered);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _cluster.Stop();
        foreach (var queue in _queues.Values)
        {
            queue.Stop();
        }

        var running = 0;
        foreach (var rt in _active.ToArray())
        {
            if (rt.Current.State == JobState.Running)
            {
                rt.RequestCancel(CancelReason.Shutdown, null);
                running++;
            }
        }

        EngineLog.EngineStopping(_logger, running);
        try
        {
            await _runner.WhenIdleAsync().WaitAsync(_options.ShutdownTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            EngineLog.ShutdownTimedOut(_logger, running);
        }
    }

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

    private JobSnapshot NewJob(JobSubmission submission, TaskDescriptor task)
    {
        var now = _time.GetUtcNow();
        var retry = submission.Retry ?? task.Info.DefaultRetry;
        var notBefore = submission.NotBefore ?? (submission.Delay is { } delay && delay > TimeSpan.Zero ? now + delay : null);
        return new JobSnapshot
        {
            Id = _ids.Next(),
            Task = task.Name,
            State = JobState.Queued,
            Args = submission.Args ?? Payload.JsonNull,
            MaxAttempts = retry?.EffectiveMaxAttempts ?? 1,
            Retry = retry,
            Executor = task.ExecutorKind,
            Priority = submission.Priority,
            Labels = submission.Labels is { Count: > 0 } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : JobSnapshot.EmptyLabels,
            IdempotencyKey = string.IsNullOrEmpty(submission.IdempotencyKey) ? null : submission.IdempotencyKey,
            Tenant = submission.Tenant ?? string.Empty,
            TraceContext = string.IsNullOrEmpty(submission.TraceContext) ? null : submission.TraceContext,
            CreatedAt = now,
            NotBefore = notBefore,
            ExecutionTimeout = submission.ExecutionTimeout ?? task.Info.DefaultExecutionTimeout,
            ScheduleToStartTimeout = submission.ScheduleToStartTimeout,
            LastSequence = 1,
        };
    }

    private IEnumerable<Measurement<int>> ObserveQueueDepth()
    {
        foreach (var queue in _queues.Values)
        {
            yield return new Measurement<int>(queue.Waiting, new KeyValuePair<string, object?>("executor", TelemetryNames.Executor(queue.Kind)));
        }
    }
}
