using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// Every timed action of the engine (delayed starts, retries' backoff, schedule-to-start and
/// execution timeouts, progress flushes) on ONE <see cref="TimeProvider"/> timer over a min-heap
/// of deadlines: no per-job timers. Due deadlines are handed to the callback on the timer's thread.
/// </summary>
internal sealed class DeadlineTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action<Deadline> _onDue;
    private readonly PriorityQueue<Deadline, long> _heap = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private long _armedTicks = long.MaxValue;
    private bool _disposed;

    public DeadlineTimer(TimeProvider time, Action<Deadline> onDue)
    {
        _time = time;
        _onDue = onDue;
        _timer = time.CreateTimer(static state => ((DeadlineTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Schedule(long dueTicks, Deadline deadline)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _heap.Enqueue(deadline, dueTicks);
            if (dueTicks < _armedTicks)
            {
                Arm(dueTicks, _time.GetUtcNow().UtcTicks);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _heap.Clear();
        }

        _timer.Dispose();
    }

    private void Fire()
    {
        List<Deadline>? due = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcTicks;
            while (_heap.TryPeek(out var deadline, out var ticks) && ticks <= now)
            {
                _heap.Dequeue();
                (due ??= []).Add(deadline);
            }

            _armedTicks = long.MaxValue;
            if (_heap.TryPeek(out _, out var nextTicks))
            {
                Arm(nextTicks, now);
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var deadline in due)
        {
            _onDue(deadline);
        }
    }

    private void Arm(long dueTicks, long nowTicks)
    {
        _armedTicks = dueTicks;
        _timer.Change(TimeSpan.FromTicks(Math.Max(0, dueTicks - nowTicks)), Timeout.InfiniteTimeSpan);
    }
}
