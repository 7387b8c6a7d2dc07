using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Scheduling;

/// <summary>
/// The jobs waiting for one executor: a priority queue (higher priority first, FIFO within one),
/// the executor's running count, and each task's concurrency lane. A job whose task is at its
/// limit is parked in the task's lane and moved back, keeping its place, when a slot frees.
/// <see cref="Waiting"/> counts every job of the executor in the Queued state (ready, delayed or
/// waiting to retry) and bounds submissions.
/// </summary>
internal sealed class ExecutorQueue : IJobQueue
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<JobRuntime, QueueKey> _ready = new();
    private readonly int _capacity;
    private int _running;
    private int _waiting;
    private long _order;
    private bool _started;

    public ExecutorQueue(IJobExecutor executor, int queueCapacity)
    {
        Kind = executor.Kind;
        _capacity = executor.Capacity;
        QueueCapacity = queueCapacity;
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
    public void EnterWaiting() => Interlocked.Increment(ref _waiting);

    /// <summary>A job left the Queued state (started or ended), or a reservation was not used.</summary>
    public void LeaveWaiting() => Interlocked.Decrement(ref _waiting);

    /// <summary>Makes a queued job ready to dispatch.</summary>
    public void Enqueue(JobRuntime job)
    {
        lock (_gate)
        {
            _ready.Enqueue(job, new QueueKey(job.Current.Priority, ++_order));
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
        lock (_gate)
        {
            _running--;
            var lane = job.Task.Lane;
            lane.Running--;
            while (lane.Parked.TryDequeue(out var parked, out var key))
            {
                if (parked.Current.State == JobState.Queued)
                {
                    _ready.Enqueue(parked, key);
                    break;
                }
            }
        }

        Pump();
    }

    private void Pump()
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

                while (_running < _capacity && _ready.TryDequeue(out var job, out var key))
                {
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

                    lane.Running++;
                    _running++;
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
}
