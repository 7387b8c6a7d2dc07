using TaskRpc.Contracts.V1;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Where a job's round trip went, from the job's own timestamps and the client's clock (same machine,
/// same clock): call sent → created (request on the wire, Submit), created → started (queue and
/// dispatch), started → finished (the handler, its progress and its completion), finished → response
/// received (wake-up of the waiting call, response on the wire); and sent → started, the
/// submit-to-start latency. In a cluster the start time is stamped by the node that claimed the
/// job (same machine, same clock) when it starts its claim, one claim round trip before the
/// handler runs.
/// </summary>
internal sealed class JobStages
{
    public LatencyHistogram ToCreated { get; } = new();

    public LatencyHistogram ToStarted { get; } = new();

    public LatencyHistogram Running { get; } = new();

    public LatencyHistogram ToReturned { get; } = new();

    public LatencyHistogram SentToStarted { get; } = new();

    public void Record(Job job, DateTime sent, DateTime returned)
    {
        if (job.CreateTime is null || job.StartTime is null || job.FinishTime is null)
        {
            return;
        }

        var created = job.CreateTime.ToDateTime();
        var started = job.StartTime.ToDateTime();
        var finished = job.FinishTime.ToDateTime();
        ToCreated.Record(Micros(created - sent));
        ToStarted.Record(Micros(started - created));
        Running.Record(Micros(finished - started));
        ToReturned.Record(Micros(returned - finished));
        SentToStarted.Record(Micros(started - sent));
    }

    public void Add(JobStages other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ToCreated.Add(other.ToCreated);
        ToStarted.Add(other.ToStarted);
        Running.Add(other.Running);
        ToReturned.Add(other.ToReturned);
        SentToStarted.Add(other.SentToStarted);
    }

    public IEnumerable<KeyValuePair<string, object>> Fields()
    {
        yield return new("stage_created_p50_us", ToCreated.Percentile(0.5));
        yield return new("stage_started_p50_us", ToStarted.Percentile(0.5));
        yield return new("stage_running_p50_us", Running.Percentile(0.5));
        yield return new("stage_returned_p50_us", ToReturned.Percentile(0.5));
        yield return new("stage_started_p99_us", ToStarted.Percentile(0.99));
        yield return new("submit_to_start_p50_us", SentToStarted.Percentile(0.5));
        yield return new("submit_to_start_p99_us", SentToStarted.Percentile(0.99));
    }

    private static long Micros(TimeSpan span) => Math.Max(0, (long)span.TotalMicroseconds);

}
