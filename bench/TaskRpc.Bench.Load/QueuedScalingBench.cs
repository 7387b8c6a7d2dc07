using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Throughput with many jobs queued: brings the server to each level of queued jobs (demo.echo
/// delayed by an hour, so they wait in the executor's queue), then runs the no-op closed loop.
/// Reports the server's RSS before and after queuing, for the memory per queued job.
/// </summary>
internal static class QueuedScalingBench
{
    private const int SubmitConcurrency = 128;

    public static async Task<List<IEnumerable<KeyValuePair<string, object>>>> RunAsync(
        TaskServiceClient client, int serverPid, IReadOnlyList<int> levels, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        var rows = new List<IEnumerable<KeyValuePair<string, object>>>();
        var noop = TaskCalls.Request("demo.echo", "{\"x\":1}", wait: true);
        await ClosedLoop.RunAsync("warm-up", concurrency, TimeSpan.Zero, warmup, ct => TaskCalls.SubmitAsync(client, noop, ct)).ConfigureAwait(false);
        var baseline = await SettledRssAsync(serverPid).ConfigureAwait(false);
        var queued = 0;
        foreach (var level in levels)
        {
            var before = ServerProcess.ResidentBytes(serverPid);
            var clock = Stopwatch.StartNew();
            await QueueAsync(client, level - queued).ConfigureAwait(false);
            var queueSeconds = clock.Elapsed.TotalSeconds;
            var added = level - queued;
            queued = level;
            var after = await SettledRssAsync(serverPid).ConfigureAwait(false);
            var result = await ClosedLoop.RunAsync($"noop@{level}", concurrency, warmup, duration, ct => TaskCalls.SubmitAsync(client, noop, ct)).ConfigureAwait(false);
            Console.Error.WriteLine($"{level} queued ({added / queueSeconds:F0} submits/s, RSS {after / 1048576} MiB): {result}");
            rows.Add(result.Fields().Concat(
            [
                new("queued", level),
                new("queue_submits_per_second", Math.Round(added / queueSeconds, 1)),
                new("rss_baseline", baseline),
                new("rss_before_queue", before),
                new("rss_after_queue", after),
                new("bytes_per_queued_job", level == 0 ? 0 : (after - baseline) / level),
            ]));
        }

        return rows;
    }

    private static async Task QueueAsync(TaskServiceClient client, int count)
    {
        var request = TaskCalls.Request("demo.echo", "{\"x\":1}", wait: false);
        request.Delay = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        var next = -1;
        var workers = Enumerable.Range(0, SubmitConcurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await TaskCalls.SubmitAsync(client, request).ConfigureAwait(false);
            }
        }));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>RSS after the server has been idle a moment (its GC has had a chance to run).</summary>
    private static async Task<long> SettledRssAsync(int pid)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        return ServerProcess.ResidentBytes(pid);
    }
}
