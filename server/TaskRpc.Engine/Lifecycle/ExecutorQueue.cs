using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The jobs waiting for one executor: a priority queue (higher priority first, FIFO within one),
/// the executor's running count, and each task's concurrency lane. A job whose task is at its
/// limit is parked in the task's lane and moved back, keeping its place, when a slot frees.
/// <see cref="Waiting"/> counts every job of the executor in the Queued state (ready, delayed or
/// waiting to retry) and bounds submissions.
/// Fair share: each tenant has its own ready queue (priority orders jobs within a tenant), and a
/// free slot goes to the tenant that runs the fewest jobs here, round-robin among equals, skipping
/// tenants at their running quota
/// (<see cref="TenantShares"/>); so a tenant with a deep backlog delays another's job by at most
/// one slot. With one tenant (or none) dispatch is the plain priority order.
/// </summary>
internal sealed class ExecutorQueue : IJobQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantReady> _tenants = new(StringComparer.Ordinal);
    private readonly List<TenantReady> _ready = [];
    private readonly TenantShares? _shares;
    private readonly int _capacity;
    private int _running;
    private int _waiting;
    private long _order;
    private bool _started;

    public ExecutorQueue(IJobExecutor executor, int queueCapacity, TenantShares? shares = null)
    {
        Kind = executor.Kind;
        _capacity = executor.Capacity;
        QueueCapacity = queueCapacity;
        _shares = shares;
        shares?.Add(this);
    }

    public ExecutorKind Kind { get; }

    public int QueueCapacity { get; }

    public bool HandsOffQueued => false;

    /// <summary>Jobs of this executor in the Queued state.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Counts a new submission against the queue's capacity; false when full.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _waiting) <= QueueCapacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _waiting);
        return false;
    }

    /// <summary>A job entered the Queued state without a reservation (a retry or recovery): never refused.</summary>
    public void EnterWaiting(string tenant)
    {
        Interlocked.Increment(ref _waiting);
        _shares?.AddQueued(tenant, 1);
    }

    /// <summary>A job left the Queued state (started or ended), or a reservation was not used.</summary>
    public void LeaveWaiting(string tenant)
    {
        Interlocked.Decrement(ref _waiting);
        _shares?.AddQueued(tenant, -1);
    }

    /// <summary>Makes a queued job ready to dispatch.</summary>
    public void Enqueue(JobRuntime job)
    {
        lock (_gate)
        {
            Ready(job, new QueueKey(job.Current.Priority, ++_order));
        }

        Pump();
    }

    /// <summary>Starts dispatching (jobs submitted before start wait until then).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
        }

        Pump();
    }

    /// <summary>Stops dispatching; queued jobs stay queued (in the store, for recovery).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _started = false;
        }
    }

    /// <summary>Gives back a dispatched job's executor and task slots, and dispatches what may now run.</summary>
    public void Release(JobRuntime job)
    {
        var tenant = job.Current.Tenant;
        lock (_gate)
        {
            _running--;
            _tenants[tenant].Running--;
            var lane = job.Task.Lane;
            lane.Running--;
            while (lane.Parked.TryDequeue(out var parked, out var key))
            {
                if (parked.Current.State == JobState.Queued)
                {
                    Ready(parked, key);
                    break;
                }
            }
        }

        _shares?.Stopped(tenant, this);
        Pump();
    }

    /// <summary>Dispatches ready jobs while the executor has free slots.</summary>
    public void Pump()
    {
        while (true)
        {
            JobRuntime? next = null;
            lock (_gate)
            {
                if (!_started)
                {
                    return;
                }

                while (_running < _capacity && NextTenant() is { } share && share.Ready.TryDequeue(out var job, out var key))
                {
                    Rotate(share);
                    if (job.Current.State != JobState.Queued)
                    {
                        continue; // Cancelled or timed out while it waited.
                    }

                    var lane = job.Task.Lane;
                    if (lane.IsFull)
                    {
                        lane.Parked.Enqueue(job, key);
                        continue;
                    }

                    if (_shares is not null && !_shares.TryStart(share.Tenant))
                    {
                        Ready(job, key); // Another executor started one of the tenant's jobs meanwhile: at its quota now.
                        continue;
                    }

                    lane.Running++;
                    _running++;
                    share.Running++;
                    next = job;
                    break;
                }
            }

            if (next is null)
            {
                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(next, preferLocal: false);
        }
    }

    private void Ready(JobRuntime job, QueueKey key)
    {
        var tenant = job.Current.Tenant;
        if (!_tenants.TryGetValue(tenant, out var share))
        {
            _tenants[tenant] = share = new TenantReady(tenant);
        }

        share.Ready.Enqueue(job, key);
        if (!share.Listed)
        {
            share.Listed = true;
            _ready.Add(share);
        }
    }

    /// <summary>Moves a tenant that was just served to the end of the list (round-robin), or off it when it has no more ready jobs.</summary>
    private void Rotate(TenantReady share)
    {
        if (_ready.Count == 1 && share.Ready.Count > 0)
        {
            return;
        }

        _ready.Remove(share);
        if (share.Ready.Count > 0)
        {
            _ready.Add(share);
        }
        else
        {
            share.Listed = false;
        }
    }

    /// <summary>The tenant whose job runs next: the fewest running here, the first in round-robin order among equals; none at its running quota.</summary>
    private TenantReady? NextTenant()
    {
        if (_ready.Count == 1)
        {
            return _shares is null || _shares.CanStart(_ready[0].Tenant) ? _ready[0] : null;
        }

        TenantReady? best = null;
        foreach (var share in _ready)
        {
            if (_shares is not null && !_shares.CanStart(share.Tenant))
            {
                continue;
            }

            if (best is null || share.Running < best.Running)
            {
                best = share;
            }
        }

        return best;
    }
}
