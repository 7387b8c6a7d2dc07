namespace TaskRpc.Bench.Load;

/// <summary>
/// Log-linear latency histogram (HdrHistogram-like): 64 linear sub-buckets per power of two of
/// microseconds, so every recorded value is kept within ~1.6%. Not thread-safe: one per worker, merged.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int SubCount = 1 << SubBits;
    private readonly long[] _counts = new long[64 * SubCount];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        _counts[Index(value)]++;
        Count++;
        MaxMicroseconds = Math.Max(MaxMicroseconds, value);
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The value at or below which <paramref name="quantile"/> of the samples lie, in µs.</summary>
    public double Percentile(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank && _counts[i] > 0)
            {
                return Math.Min(UpperBound(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    private static int Index(long value)
    {
        if (value < SubCount)
        {
            return (int)value;
        }

        var magnitude = 63 - (int)long.LeadingZeroCount(value) - SubBits + 1;
        var sub = (int)(value >> magnitude) - SubCount / 2;
        return SubCount + ((magnitude - 1) * (SubCount / 2)) + sub;
    }

    private static double UpperBound(int index)
    {
        if (index < SubCount)
        {
            return index;
        }

        var offset = index - SubCount;
        var magnitude = (offset / (SubCount / 2)) + 1;
        var sub = (offset % (SubCount / 2)) + (SubCount / 2);
        return ((sub + 1L) << magnitude) - 1;
    }
}
