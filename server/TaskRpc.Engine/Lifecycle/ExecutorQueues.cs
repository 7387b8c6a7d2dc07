using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// This node's in-memory queues, one <see cref="ExecutorQueue"/> per executor with the capacity
/// its options give (<see cref="EngineOptions.Async"/>, <see cref="EngineOptions.Threads"/>,
/// <see cref="EngineOptions.Processes"/>), the admission of new jobs into them (the tenant's
/// queued quota, then a queue slot) and the <c>taskrpc.queue.depth</c> gauge.
/// </summary>
internal sealed class ExecutorQueues
{
    private readonly Dictionary<ExecutorKind, ExecutorQueue> _queues = [];
    private readonly TenantShares _shares;

    public ExecutorQueues(IEnumerable<IJobExecutor> executors, TenantShares shares, IOptions<EngineOptions> options, EngineMetrics metrics)
    {
        _shares = shares;
        var limits = options.Value;
        foreach (var executor in executors)
        {
            var capacity = executor.Kind switch
            {
                ExecutorKind.Threads => limits.Threads.QueueCapacity,
                ExecutorKind.Processes => limits.Processes.QueueCapacity,
                _ => limits.Async.QueueCapacity,
            };
            _queues[executor.Kind] = new ExecutorQueue(executor, capacity, shares);
        }

        metrics.Meter.CreateObservableGauge("taskrpc.queue.depth", ObserveQueueDepth, "{job}", "Jobs waiting for an executor, by executor.");
    }

    /// <summary>The queue of <paramref name="executor"/>.</summary>
    public ExecutorQueue this[ExecutorKind executor] => _queues[executor];

    /// <summary>
    /// Takes a new job into its executor's queue: counts it against its tenant's queued quota, then
    /// reserves a place in the queue; the caller enqueues it, or gives the place back
    /// (<see cref="ExecutorQueue.LeaveWaiting"/>) when it is not created.
    /// </summary>
    /// <exception cref="QueueFullException">The tenant's quota or the queue is full.</exception>
    public ExecutorQueue Admit(JobSnapshot job, ExecutorKind executor)
    {
        var queue = _queues[executor];
        if (!_shares.TryEnterQueued(job.Tenant, out var tenantLimit))
        {
            throw new QueueFullException($"Tenant '{job.Tenant}' has {tenantLimit} jobs queued, its quota; retry later.");
        }

        if (!queue.TryReserve())
        {
            _shares.AddQueued(job.Tenant, -1);
            throw new QueueFullException(executor, queue.QueueCapacity);
        }

        return queue;
    }

    public void Start()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Start();
        }
    }

    public void Stop()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Stop();
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueueDepth()
    {
        foreach (var queue in _queues.Values)
        {
            yield return new Measurement<int>(queue.Waiting, new KeyValuePair<string, object?>("executor", TelemetryNames.Executor(queue.Kind)));
        }
    }
}
