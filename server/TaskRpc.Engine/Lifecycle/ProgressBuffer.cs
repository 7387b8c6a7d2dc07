namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// A running job's latest unpublished progress report, coalesced until its flush. Created on the
/// job's first report, so the many jobs that never report carry none.
/// </summary>
internal sealed class ProgressBuffer
{
    private readonly Lock _gate = new();
    private bool _hasProgress;
    private bool _flushScheduled;
    private double _fraction;
    private string? _message;
    private object? _detail;
    private long _lastFlushTicks = long.MinValue;

    /// <summary>Whether a report waits for its flush.</summary>
    public bool HasPending => Volatile.Read(ref _hasProgress);

    /// <summary>
    /// Keeps the report; true when a flush must be scheduled (none is pending), due at
    /// <paramref name="dueTicks"/> (<see cref="long.MinValue"/>: at once, the job's first).
    /// </summary>
    public bool Put(double fraction, string? message, object? detail, long flushIntervalTicks, out long dueTicks)
    {
        lock (_gate)
        {
            _fraction = fraction;
            _message = message;
            _detail = detail;
            _hasProgress = true;
            dueTicks = 0;
            if (_flushScheduled)
            {
                return false;
            }

            _flushScheduled = true;
            dueTicks = _lastFlushTicks == long.MinValue ? long.MinValue : _lastFlushTicks + flushIntervalTicks;
            return true;
        }
    }

    /// <summary>Takes the pending report, if any, and marks the flush done at <paramref name="nowTicks"/>.</summary>
    public bool Take(long nowTicks, out double fraction, out string? message, out object? detail)
    {
        lock (_gate)
        {
            fraction = _fraction;
            message = _message;
            detail = _detail;
            var had = _hasProgress;
            _hasProgress = false;
            _flushScheduled = false;
            _detail = null;
            if (had)
            {
                _lastFlushTicks = nowTicks;
            }

            return had;
        }
    }
}
