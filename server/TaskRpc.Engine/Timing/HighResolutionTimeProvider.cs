using System.Diagnostics;

namespace TaskRpc.Engine.Timing;

/// <summary>
/// The system clock, with timers that fire at the kernel timer's resolution instead of the
/// runtime's tick. .NET timers (and so <see cref="Task.Delay(TimeSpan)"/>) are scheduled on
/// <see cref="Environment.TickCount64"/>, which on Linux reads <c>CLOCK_MONOTONIC_COARSE</c> and
/// advances in kernel ticks (4 ms with CONFIG_HZ=250): a 10 ms delay takes 10–14 ms, 12.4 ms at the
/// median. Here one dedicated thread keeps a min-heap of due <see cref="Stopwatch"/> timestamps
/// and waits for the earliest with a monotonic timed wait (whole milliseconds, interruptible when
/// an earlier timer arrives), then the sub-millisecond rest with <see cref="PreciseSleep"/>; due
/// callbacks go to the thread pool, as the runtime's do (those due together as one work item).
/// A timer due more than <see cref="HandOff"/> from now first waits on the system timer and joins
/// the heap only for its last stretch, so the heap holds only near deadlines (a cancelled long delay leaves nothing
/// behind for long). Never fires early.
/// </summary>
internal sealed class HighResolutionTimeProvider : TimeProvider
{
    /// <summary>How far ahead a timer's due time must be for it to wait on the system timer first.</summary>
    internal static readonly TimeSpan HandOff = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();
    private readonly PriorityQueue<(HighResolutionTimer Timer, long Version), long> _heap = new();
    private long _wakeAt = long.MaxValue;
    private Thread? _thread;

    private HighResolutionTimeProvider()
    {
    }

    /// <summary>The one instance (one timer thread per process).</summary>
    public static HighResolutionTimeProvider Shared { get; } = new();

    /// <summary>Timers due in more than <see cref="HandOff"/> wait on this first.</summary>
    internal static TimeProvider Coarse => System;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new HighResolutionTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Puts the timer's current arming (<paramref name="version"/>) on the heap, due at <paramref name="dueTimestamp"/>.</summary>
    internal void Enqueue(HighResolutionTimer timer, long version, long dueTimestamp)
    {
        lock (_gate)
        {
            _heap.Enqueue((timer, version), dueTimestamp);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "TaskRpc high-resolution timer" };
                _thread.Start();
            }
            else if (dueTimestamp < _wakeAt)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    private void Run()
    {
        var due = new List<(HighResolutionTimer Timer, long Version)>();
        while (true)
        {
            long rest;
            lock (_gate)
            {
                while (true)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (!_heap.TryPeek(out _, out var next))
                    {
                        _wakeAt = long.MaxValue;
                        Monitor.Wait(_gate);
                        continue;
                    }

                    if (next <= now)
                    {
                        while (_heap.TryPeek(out var entry, out var at) && at <= now)
                        {
                            _heap.Dequeue();
                            due.Add(entry);
                        }

                        rest = 0;
                        break;
                    }

                    _wakeAt = next;
                    rest = next - now;
                    var wholeMs = rest * 1000 / Stopwatch.Frequency;
                    if (wholeMs == 0)
                    {
                        break; // Less than 1 ms: slept below, outside the lock.
                    }

                    Monitor.Wait(_gate, (int)Math.Min(wholeMs, int.MaxValue));
                }
            }

            if (due.Count == 0)
            {
                PreciseSleep.For(rest);
                continue;
            }

            Dispatch(due);
            due.Clear();
        }
    }

    /// <summary>
    /// Hands the due timers' callbacks to the thread pool: one work item for all that fell due
    /// together, so a burst of due timers wakes one pool thread, not one per timer.
    /// </summary>
    private static void Dispatch(List<(HighResolutionTimer Timer, long Version)> due)
    {
        HighResolutionTimer? first = null;
        List<HighResolutionTimer>? more = null;
        foreach (var (timer, version) in due)
        {
            if (!timer.TakeDue(version))
            {
                continue;
            }

            if (first is null)
            {
                first = timer;
            }
            else
            {
                (more ??= [first]).Add(timer);
            }
        }

        if (more is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static timers => timers.ForEach(static t => t.RunCallback()), more, preferLocal: false);
        }
        else if (first is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(first, preferLocal: false);
        }
    }
}
