using System.Globalization;

namespace TaskRpc.Bench.Load;

/// <summary>A closed-loop run's outcome: completed calls, errors, throughput and latency percentiles (µs).</summary>
internal sealed record LoadResult(string Name, int Concurrency, double Seconds, long Completed, long Errors, LatencyHistogram Latency)
{
    public double PerSecond => Completed / Seconds;

    public IEnumerable<KeyValuePair<string, object>> Fields()
    {
        yield return new("name", Name);
        yield return new("concurrency", Concurrency);
        yield return new("seconds", Math.Round(Seconds, 3));
        yield return new("completed", Completed);
        yield return new("errors", Errors);
        yield return new("per_second", Math.Round(PerSecond, 1));
        yield return new("p50_us", Latency.Percentile(0.50));
        yield return new("p90_us", Latency.Percentile(0.90));
        yield return new("p99_us", Latency.Percentile(0.99));
        yield return new("max_us", Latency.MaxMicroseconds);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} c={Concurrency}: {PerSecond:F0}/s p50 {Latency.Percentile(0.5):F0} µs p90 {Latency.Percentile(0.9):F0} µs p99 {Latency.Percentile(0.99):F0} µs max {Latency.MaxMicroseconds} µs, {Errors} errors");
}
