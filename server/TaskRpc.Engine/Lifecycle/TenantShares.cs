using Microsoft.Extensions.Options;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// Per-tenant counts across every executor queue, for <see cref="TenantQuotaOptions"/>: how many
/// of a tenant's jobs are queued (bounds its submissions) and running (bounds its dispatch). Only
/// tenants with a quota are counted; without any quota every method is a no-op.
/// </summary>
internal sealed class TenantShares
{
    private readonly Dictionary<string, Counter> _counters;
    private readonly List<ExecutorQueue> _queues = [];

    public TenantShares(IOptions<TenantQuotaOptions> options)
    {
        _counters = options.Value.Tenants.ToDictionary(entry => entry.Key, entry => new Counter(entry.Value), StringComparer.Ordinal);
    }

    /// <summary>Whether any tenant has a quota.</summary>
    public bool Enabled => _counters.Count > 0;

    /// <summary>Registers a queue to pump when a tenant at its running limit frees a slot.</summary>
    public void Add(ExecutorQueue queue)
    {
        lock (_queues)
        {
            _queues.Add(queue);
        }
    }

    /// <summary>Counts a new submission against the tenant's queued quota; false (with the limit) when full.</summary>
    public bool TryEnterQueued(string tenant, out int limit)
    {
        limit = 0;
        if (!Enabled || !_counters.TryGetValue(tenant, out var counter))
        {
            return true;
        }

        if (counter.Quota.MaxQueuedJobs <= 0)
        {
            counter.AddQueued(1);
            return true;
        }

        limit = counter.Quota.MaxQueuedJobs;
        if (counter.AddQueued(1) <= limit)
        {
            return true;
        }

        counter.AddQueued(-1);
        return false;
    }

    /// <summary>A job of the tenant entered (1) or left (-1) the Queued state.</summary>
    public void AddQueued(string tenant, int delta)
    {
        if (Enabled && _counters.TryGetValue(tenant, out var counter))
        {
            counter.AddQueued(delta);
        }
    }

    /// <summary>Whether another of the tenant's jobs may start now (a hint; <see cref="TryStart"/> decides).</summary>
    public bool CanStart(string tenant) =>
        !Enabled || !_counters.TryGetValue(tenant, out var counter) || counter.Quota.MaxRunningJobs <= 0 || Volatile.Read(ref counter.Running) < counter.Quota.MaxRunningJobs;

    /// <summary>Counts one more running job of the tenant unless it is at its running quota (atomic across queues).</summary>
    public bool TryStart(string tenant)
    {
        if (!Enabled || !_counters.TryGetValue(tenant, out var counter))
        {
            return true;
        }

        var limit = counter.Quota.MaxRunningJobs;
        while (true)
        {
            var running = Volatile.Read(ref counter.Running);
            if (limit > 0 && running >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter.Running, running + 1, running) == running)
            {
                return true;
            }
        }
    }

    /// <summary>One of the tenant's jobs ended its attempt; pumps the other queues when the tenant was at its limit.</summary>
    public void Stopped(string tenant, ExecutorQueue from)
    {
        if (!Enabled || !_counters.TryGetValue(tenant, out var counter))
        {
            return;
        }

        if (Interlocked.Decrement(ref counter.Running) + 1 >= counter.Quota.MaxRunningJobs && counter.Quota.MaxRunningJobs > 0)
        {
            ExecutorQueue[] queues;
            lock (_queues)
            {
                queues = [.. _queues];
            }

            foreach (var queue in queues)
            {
                if (queue != from)
                {
                    queue.Pump();
                }
            }
        }
    }

    private sealed class Counter(TenantQuota quota)
    {
        public int Running;
        private int _queued;

        public TenantQuota Quota { get; } = quota;

        public int AddQueued(int delta) => Interlocked.Add(ref _queued, delta);
    }
}
