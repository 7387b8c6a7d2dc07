using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle.Cluster;

/// <summary>
/// An executor's queue when it lives in a shared store: this node holds no queued jobs, only its
/// free slots. Woken by a signal, a submission, a freed slot, a due time or the poll, it claims
/// as many runnable jobs as it has free slots (and task lanes allow) in one store transaction,
/// the claim being their Running transition, and dispatches them. One claim runs at a time; a
/// wake during it makes it claim again.
/// </summary>
/// <remarks>
/// The queue remembers whether the store may hold runnable jobs for it (the backlog): a wake
/// (a signal, a submission that was queued, a due time, the poll, the start) sets it, and a claim
/// that got fewer jobs than it asked for, over all of the executor's tasks, clears it. A freed
/// slot claims only while there is a backlog, and a submission on this node may start its job at
/// once (<see cref="TryReserveAsync"/>, the direct start) only while there is none: so a job never
/// overtakes a runnable job that waits in the store, and an idle cluster does not pay a claim
/// round trip per finished job.
/// </remarks>
internal sealed partial class ClaimQueue : IJobQueue, IDisposable
{
    private const int MaxBatch = 64;
    private const int MaxRoundsWaited = 3;
    private readonly ISharedJobStore _store;
    private readonly JobStateMachine _stateMachine;
    private readonly JobRunner _runner;
    private readonly ActiveJobs _active;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly Dictionary<string, TaskDescriptor> _tasks;
    private readonly Lock _gate = new();
    private readonly ITimer _dueTimer;
    private int _running;
    private bool _started;
    private bool _claiming;
    private bool _again;
    private bool _backlog = true;
    private long _dueTicks = long.MaxValue;
    private TaskCompletionSource? _claimsEnd; // Completed when the claims end (or after MaxRoundsWaited rounds): submissions waiting in TryReserveAsync.
    private int _roundsWaited;

    public ClaimQueue(ExecutorKind kind, int capacity, IEnumerable<TaskDescriptor> tasks, ClusterParts parts)
    {
        Kind = kind;
        _capacity = capacity;
        _tasks = tasks.ToDictionary(static task => task.Name, StringComparer.Ordinal);
        _store = parts.Store;
        _stateMachine = parts.StateMachine;
        _runner = parts.Runner;
        _active = parts.Active;
        _time = parts.Time;
        _logger = parts.Logger;
        _dueTimer = _time.CreateTimer(static state => ((ClaimQueue)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ExecutorKind Kind { get; }

    public bool HandsOffQueued => true;

    /// <summary>Attempts of this executor running on this node.</summary>
    public int Running => Volatile.Read(ref _running);

    public void Enqueue(JobRuntime job) => Wake();

    public void Release(JobRuntime job) => Release(job.Task);

    /// <summary>Under the gate: one more attempt of <paramref name="task"/> runs here.</summary>
    private void TakeSlot(TaskDescriptor task)
    {
        _running++;
        task.Lane.Running++;
    }

    /// <summary>A slot of <paramref name="task"/> is free again: claims if the store may hold runnable jobs.</summary>
    private void Release(TaskDescriptor task)
    {
        lock (_gate)
        {
            _running--;
            task.Lane.Running--;
        }

        Claim(wake: false);
    }

    public void EnterWaiting(string tenant)
    {
        // Queued jobs are counted by the store, not by the node.
    }

    public void LeaveWaiting(string tenant)
    {
        // Queued jobs are counted by the store, not by the node.
    }

    public void Start()
    {
        lock (_gate)
        {
            _started = true;
        }

        Wake();
    }

    public void Stop()
    {
        lock (_gate)
        {
            _started = false;
        }
    }

    public void Dispose() => _dueTimer.Dispose();

    /// <summary>
    /// The store may hold runnable jobs for this queue: claims what this node has room for, now
    /// or, if a claim is under way, right after it.
    /// </summary>
    public void Wake() => Claim(wake: true);

    /// <summary>Claims when the store may hold runnable jobs for this queue (always after a <paramref name="wake"/>).</summary>
    private void Claim(bool wake)
    {
        lock (_gate)
        {
            _backlog |= wake;
            if (!_started || _tasks.Count == 0 || !_backlog)
            {
                return;
            }

            if (_claiming)
            {
                _again = true;
                return;
            }

            if (_running >= _capacity)
            {
                return; // A freed slot wakes the queue.
            }

            _claiming = true;
        }

        _ = ClaimLoopAsync();
    }

    /// <summary>Wakes the queue at <paramref name="due"/> (a delayed start), unless an earlier wake is set.</summary>
    public void WakeAt(DateTimeOffset due)
    {
        var delay = due - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            Wake();
            return;
        }

        lock (_gate)
        {
            if (!_started || due.UtcTicks >= _dueTicks)
            {
                return;
            }

            _dueTicks = due.UtcTicks;
            _dueTimer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        lock (_gate)
        {
            _dueTicks = long.MaxValue;
        }

        Wake();
    }
}
