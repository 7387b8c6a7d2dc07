using System.Globalization;

namespace TaskRpc.Bench.Load;

/// <summary>
/// A closed-loop run's outcome: jobs that SUCCEEDED (the only ones counted as throughput), jobs that
/// ended in another state, calls that failed, latency percentiles (µs) and stage medians, and the
/// load generator's own CPU and allocations over the measured window (per call made in it).
/// </summary>
internal sealed record LoadResult(
    string Name, int Concurrency, double Seconds, long Completed, long Failed, long Errors, string? FirstFailure, LatencyHistogram Latency, JobStages Stages,
    ProcessCost Cost = default)
{
    public double PerSecond => Completed / Seconds;

    public IEnumerable<KeyValuePair<string, object>> Fields()
    {
        yield return new("name", Name);
        yield return new("concurrency", Concurrency);
        yield return new("seconds", Math.Round(Seconds, 3));
        yield return new("completed", Completed);
        yield return new("failed", Failed);
        yield return new("errors", Errors);
        yield return new("first_failure", FirstFailure ?? string.Empty);
        yield return new("per_second", Math.Round(PerSecond, 1));
        yield return new("p50_us", Latency.Percentile(0.50));
        yield return new("p90_us", Latency.Percentile(0.90));
        yield return new("p99_us", Latency.Percentile(0.99));
        yield return new("max_us", Latency.MaxMicroseconds);
        foreach (var field in Stages.Fields().Concat(Cost.PerCall(Completed + Failed + Errors)))
        {
            yield return field;
        }
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} c={Concurrency}: {PerSecond:F0} succeeded/s p50 {Latency.Percentile(0.5):F0} µs p90 {Latency.Percentile(0.9):F0} µs p99 {Latency.Percentile(0.99):F0} µs max {Latency.MaxMicroseconds} µs, "
        + $"{Failed} failed, {Errors} errors{(FirstFailure is null ? string.Empty : $" (first: {FirstFailure})")}; "
        + $"stages p50: sent→created {Stages.ToCreated.Percentile(0.5):F0} µs, created→started {Stages.ToStarted.Percentile(0.5):F0} µs, "
        + $"started→finished {Stages.Running.Percentile(0.5):F0} µs, finished→returned {Stages.ToReturned.Percentile(0.5):F0} µs");
}
