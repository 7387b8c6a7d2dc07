using System.Diagnostics;
using TaskRpc.Contracts.V1;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Submit-to-start latency on an idle server or cluster: one caller submits one job at a time
/// with wait (to the first target only), pausing between jobs so that nothing is queued or
/// running when the next arrives. Per job: sent → started (client clock at the call, the job's
/// start time as stamped by whichever node claimed it; same machine, same clock), created →
/// started (both node clocks) and the whole round trip; plus how many jobs each target ran.
/// </summary>
internal static class IdleLatencyBench
{
    public static async Task<IEnumerable<KeyValuePair<string, object>>> RunAsync(
        IReadOnlyList<TaskServiceClient> clients, string name, SubmitRequest request, int warmupJobs, int jobs, TimeSpan pause)
    {
        var submitter = clients[0];
        for (var i = 0; i < warmupJobs; i++)
        {
            await TaskCalls.SubmitAsync(submitter, request).ConfigureAwait(false);
        }

        var before = await NodeCounts.FinishedAsync(clients).ConfigureAwait(false);
        var roundTrip = new LatencyHistogram();
        var stages = new JobStages();
        long failed = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            await Task.Delay(pause).ConfigureAwait(false);
            var sent = DateTime.UtcNow;
            var start = clock.Elapsed;
            var job = await TaskCalls.SubmitAsync(submitter, request).ConfigureAwait(false);
            var end = clock.Elapsed;
            if (job.State != JobState.Succeeded)
            {
                failed++;
                continue;
            }

            roundTrip.Record((long)(end - start).TotalMicroseconds);
            stages.Record(job, sent, DateTime.UtcNow);
        }

        var ran = NodeCounts.Delta(before, await NodeCounts.FinishedAsync(clients).ConfigureAwait(false));
        var fields = new List<KeyValuePair<string, object>>
        {
            new("name", name),
            new("nodes", clients.Count),
            new("jobs", jobs),
            new("failed", failed),
            new("pause_ms", (long)pause.TotalMilliseconds),
            new("submit_to_start_p50_us", stages.SentToStarted.Percentile(0.5)),
            new("submit_to_start_p99_us", stages.SentToStarted.Percentile(0.99)),
            new("created_to_started_p50_us", stages.ToStarted.Percentile(0.5)),
            new("created_to_started_p99_us", stages.ToStarted.Percentile(0.99)),
            new("round_trip_p50_us", roundTrip.Percentile(0.5)),
            new("round_trip_p99_us", roundTrip.Percentile(0.99)),
            new("ran_per_node", NodeCounts.Format(ran)),
        };
        Console.Error.WriteLine(string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}")));
        return fields;
    }
}
