using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Claims per second: a backlog of <c>jobs</c> no-op jobs (demo.echo, wait=false) submitted over
/// the targets, all with one not-before time far enough ahead that the whole backlog is queued
/// before any of it is due (the lead is sized from a calibration of the submit rate); then the
/// time the server or cluster takes to drain it, from the due time to the last job's finish time
/// (the jobs' own timestamps, read back with List after the drain: nothing polls the store while
/// it drains, only GetStats, which nodes answer from memory). Each job is claimed (its Running
/// transition), run and completed, so the rate is claims and completions together.
/// </summary>
internal static class BacklogBench
{
    private const int SubmitConcurrency = 64;
    private const int CalibrationJobs = 256;

    public static async Task<IEnumerable<KeyValuePair<string, object>>> RunAsync(
        IReadOnlyList<TaskServiceClient> clients, string name, int jobs, TimeSpan timeout)
    {
        var echo = TaskCalls.Request("demo.echo", "{\"x\":1}", wait: true);
        var clock = Stopwatch.StartNew();
        await ForEachAsync(CalibrationJobs, i => TaskCalls.SubmitAsync(clients[i % clients.Count], echo)).ConfigureAwait(false);
        var calibratedRate = CalibrationJobs / clock.Elapsed.TotalSeconds;
        var due = DateTime.UtcNow + TimeSpan.FromSeconds(1 + (1.5 * jobs / calibratedRate));
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["bench"] = $"backlog-{Guid.NewGuid():N}" };
        var request = TaskCalls.Request("demo.echo", "{\"x\":1}", wait: false);
        request.NotBefore = Timestamp.FromDateTime(due);
        request.Labels.Add(labels);

        var before = await NodeCounts.FinishedAsync(clients).ConfigureAwait(false);
        clock.Restart();
        await ForEachAsync(jobs, i => TaskCalls.SubmitAsync(clients[i % clients.Count], request)).ConfigureAwait(false);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        var late = DateTime.UtcNow > due;
        var ran = await WaitDrainedAsync(clients, labels, before, jobs, due + timeout).ConfigureAwait(false);

        var all = await TaskCalls.ListAllAsync(clients[0], labels).ConfigureAwait(false);
        var succeeded = all.Where(j => j.State == JobState.Succeeded && j.StartTime is not null && j.FinishTime is not null).ToList();
        var fields = new List<KeyValuePair<string, object>>
        {
            new("name", name),
            new("nodes", clients.Count),
            new("jobs", jobs),
            new("succeeded", succeeded.Count),
            new("listed", all.Count),
            new("submit_seconds", Math.Round(submitSeconds, 3)),
            new("submits_per_second", Math.Round(jobs / submitSeconds, 1)),
            new("late", late),
            new("ran_per_node", NodeCounts.Format(ran)),
        };
        if (succeeded.Count > 0)
        {
            var firstStart = succeeded.Min(j => j.StartTime.ToDateTime());
            var lastStart = succeeded.Max(j => j.StartTime.ToDateTime());
            var lastFinish = succeeded.Max(j => j.FinishTime.ToDateTime());
            var drain = lastFinish - due;
            fields.Add(new("first_start_after_due_ms", Math.Round((firstStart - due).TotalMilliseconds, 1)));
            fields.Add(new("drain_seconds", Math.Round(drain.TotalSeconds, 3)));
            fields.Add(new("per_second", Math.Round(succeeded.Count / drain.TotalSeconds, 1)));
            fields.Add(new("starts_per_second", Math.Round(succeeded.Count / Math.Max((lastStart - firstStart).TotalSeconds, 1e-3), 1)));
        }

        Console.Error.WriteLine(string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}")));
        return fields;
    }

    /// <summary>
    /// Waits until the targets together have finished <paramref name="jobs"/> more jobs than
    /// <paramref name="before"/> (GetStats, every 100 ms), or — once a second, should the counters
    /// not add up — until none of the labelled jobs is queued or running; returns what each ran.
    /// </summary>
    private static async Task<long[]> WaitDrainedAsync(
        IReadOnlyList<TaskServiceClient> clients, Dictionary<string, string> labels, long[] before, int jobs, DateTime deadline)
    {
        for (var poll = 1; DateTime.UtcNow < deadline; poll++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            var ran = NodeCounts.Delta(before, await NodeCounts.FinishedAsync(clients).ConfigureAwait(false));
            if (ran.Sum() >= jobs || (poll % 10 == 0 && !await AnyPendingAsync(clients[0], labels).ConfigureAwait(false)))
            {
                return ran;
            }
        }

        throw new TimeoutException($"The backlog of {jobs} jobs did not drain by {deadline:O}.");
    }

    private static async Task<bool> AnyPendingAsync(TaskServiceClient client, Dictionary<string, string> labels)
    {
        foreach (var state in new[] { JobState.Queued, JobState.Running })
        {
            var request = new ListJobsRequest { State = state, PageSize = 1 };
            request.Labels.Add(labels);
            using var call = client.ListAsync(request);
            if ((await call.ResponseAsync.ConfigureAwait(false)).Jobs.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static Task ForEachAsync(int count, Func<int, Task> body) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = SubmitConcurrency }, async (i, _) => await body(i).ConfigureAwait(false));
}
