using System.Diagnostics;

namespace TaskRpc.Engine.Timing;

/// <summary>
/// A timer of <see cref="HighResolutionTimeProvider"/>: armed on the provider's heap when due
/// within <see cref="HighResolutionTimeProvider.HandOff"/>, otherwise on a system timer that hands
/// it to the heap for the last stretch. Its callback runs on the thread pool. As with
/// <see cref="Timer"/>, a callback already queued may still run after <see cref="Change"/> or
/// <see cref="Dispose"/>. Its state is guarded by its own monitor (<c>lock (this)</c>; the type is
/// internal and no one else locks it), not a separate lock object: one allocation less per delay.
/// </summary>
internal sealed class HighResolutionTimer : ITimer, IThreadPoolWorkItem
{
    private static readonly double StopwatchTicksPerTimeSpanTick = (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond;
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly HighResolutionTimeProvider _provider;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private long _version;
    private long _dueTimestamp;
    private long _periodTicks;
    private bool _pending;
    private bool _onHeap;
    private bool _disposed;
    private ITimer? _coarse;

    public HighResolutionTimer(HighResolutionTimeProvider provider, TimerCallback callback, object? state)
    {
        _provider = provider;
        _callback = callback;
        _state = state;
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime);
        Validate(period);
        lock (this)
        {
            if (_disposed)
            {
                return false;
            }

            _version++;
            _onHeap = false;
            _periodTicks = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? 0 : ToStopwatchTicks(period);
            _pending = dueTime != Timeout.InfiniteTimeSpan;
            if (_pending)
            {
                Arm(Stopwatch.GetTimestamp() + ToStopwatchTicks(dueTime));
            }
            else
            {
                _coarse?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            return true;
        }
    }

    public void Dispose()
    {
        lock (this)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _pending = false;
            _version++;
            _coarse?.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Called on the provider's thread when the heap entry of <paramref name="version"/> is due: true when the callback is to run.</summary>
    internal bool TakeDue(long version)
    {
        lock (this)
        {
            if (_disposed || version != _version || !_onHeap)
            {
                return false; // Changed or disposed since it was put on the heap.
            }

            _onHeap = false;
            if (_periodTicks > 0)
            {
                Arm(Math.Max(_dueTimestamp + _periodTicks, Stopwatch.GetTimestamp()));
            }
            else
            {
                _pending = false;
            }
        }

        return true;
    }

    /// <summary>Runs the callback (on a thread-pool thread).</summary>
    internal void RunCallback() => _callback(_state);

    void IThreadPoolWorkItem.Execute() => RunCallback();

    private static long ToStopwatchTicks(TimeSpan span) => (long)Math.Ceiling(span.Ticks * StopwatchTicksPerTimeSpanTick);

    private static void Validate(TimeSpan span)
    {
        if (span != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(span, MaxTimeout);
        }
    }

    /// <summary>Under the gate: waits for <paramref name="dueTimestamp"/> on the heap, or first on the system timer if it is far.</summary>
    private void Arm(long dueTimestamp)
    {
        _dueTimestamp = dueTimestamp;
        var ahead = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), dueTimestamp);
        if (ahead > HighResolutionTimeProvider.HandOff)
        {
            _coarse ??= HighResolutionTimeProvider.Coarse.CreateTimer(static s => ((HighResolutionTimer)s!).OnCoarseDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _coarse.Change(ahead - (HighResolutionTimeProvider.HandOff / 2), Timeout.InfiniteTimeSpan);
            return;
        }

        _onHeap = true;
        _provider.Enqueue(this, _version, dueTimestamp);
    }

    private void OnCoarseDue()
    {
        lock (this)
        {
            if (_pending && !_onHeap && !_disposed)
            {
                Arm(_dueTimestamp); // Near now: onto the heap (or, if the system timer fired early, back to it).
            }
        }
    }
}
