using System.Diagnostics;
using TaskRpc.Contracts.V1;
using Grpc.Core;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Throughput with many <em>runnable</em> jobs queued: low-priority demo.echo jobs wait in the
/// executor's priority queue (not in the timer heap, as the delayed jobs of <see cref="QueuedScalingBench"/>)
/// while high-priority jobs are measured. The server runs its Async executor with a few slots
/// (<c>--Engine:Async:MaxConcurrency</c>, passed here as <c>slots</c>), and the measured jobs hold
/// a slot for 1 ms (demo.sleep), so with more callers than slots the executor is the bottleneck
/// and a high-priority job always waits: a free slot goes to it first, never to a low-priority one
/// (no-op jobs would leave the slots idle between calls, and the backlog would drain). Per level
/// the bench occupies every slot with a blocker (demo.sleep, priority between the two), queues the
/// low-priority jobs behind them, starts the high-priority closed loop and then cancels the
/// blockers. How many low-priority jobs had run (the oldest, FIFO within a priority) is found at
/// the start and at the end of each measured window by a binary search over their ids with Get:
/// none should run inside the window (before it, while the callers' first jobs are on their way,
/// a freed slot can take some).
/// </summary>
internal static class RunnableScalingBench
{
    private const int SubmitConcurrency = 128;
    private const int HighPriority = 10;
    private const int LowPriority = -10;

    public static async Task<List<IEnumerable<KeyValuePair<string, object>>>> RunAsync(
        TaskServiceClient client, int serverPid, IReadOnlyList<int> levels, int slots, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        var rows = new List<IEnumerable<KeyValuePair<string, object>>>();
        var high = TaskCalls.Request("demo.sleep", "{\"seconds\":0.001,\"steps\":1}", wait: true);
        high.Priority = HighPriority;
        var low = TaskCalls.Request("demo.echo", "{\"x\":1}", wait: false);
        low.Priority = LowPriority;
        await ClosedLoop.RunAsync("warm-up", concurrency, TimeSpan.Zero, warmup, ct => TaskCalls.SubmitAsync(client, high, ct)).ConfigureAwait(false);
        var ids = new List<string>();
        var blockers = await WaitRunningAsync(client, await BlockAsync(client, slots).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var level in levels)
        {
            var clock = Stopwatch.StartNew();
            var added = level - ids.Count;
            await QueueAsync(client, low, added, ids).ConfigureAwait(false);
            var queueSeconds = clock.Elapsed.TotalSeconds;
            var rss = ServerProcess.ResidentBytes(serverPid);
            clock.Restart();
            var loop = ClosedLoop.RunAsync($"sleep1ms-high@{level}-low", concurrency, warmup, duration, ct => TaskCalls.SubmitAsync(client, high, ct));
            await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false); // The callers' first jobs queue behind the blockers.
            foreach (var blocker in blockers)
            {
                await TaskCalls.CancelAsync(client, blocker).ConfigureAwait(false);
            }

            // How much of the backlog ran before the measured window (while the callers' first jobs were
            // on their way, a freed slot may take a low-priority job): the window itself is what counts.
            await Task.Delay(Until(warmup, clock)).ConfigureAwait(false);
            var ranBefore = await CountRunAsync(client, ids).ConfigureAwait(false);

            // At the end of the measured window, blockers (below the callers' priority, above the backlog's)
            // take the slots the callers' last jobs leave, so the backlog does not drain once the callers
            // stop: what ran of it ran while measured.
            await Task.Delay(Until(warmup + duration, clock)).ConfigureAwait(false);
            blockers = await BlockAsync(client, slots).ConfigureAwait(false);
            var result = await loop.ConfigureAwait(false);
            await WaitRunningAsync(client, blockers).ConfigureAwait(false);
            var ran = await CountRunAsync(client, ids).ConfigureAwait(false);
            Console.Error.WriteLine($"{level} runnable low-priority ({added / queueSeconds:F0} submits/s, RSS {rss / 1048576} MiB, {ran} of them ran, {ran - ranBefore} in the measured window): {result}");
            rows.Add(result.Fields().Concat(
            [
                new("queued", level),
                new("slots", slots),
                new("queue_submits_per_second", Math.Round(added / queueSeconds, 1)),
                new("rss_after_queue", rss),
                new("low_priority_ran", ran),
                new("low_priority_ran_in_window", ran - ranBefore),
            ]));
        }

        return rows;
    }

    private static TimeSpan Until(TimeSpan due, Stopwatch clock) => due > clock.Elapsed ? due - clock.Elapsed : TimeSpan.Zero;

    /// <summary>Submits one long demo.sleep per slot, between the two priorities: after the callers' last jobs, before the backlog.</summary>
    private static async Task<List<string>> BlockAsync(TaskServiceClient client, int slots)
    {
        var request = TaskCalls.Request("demo.sleep", "{\"seconds\":3600}", wait: false);
        request.Priority = (HighPriority + LowPriority) / 2;
        var ids = new List<string>();
        for (var i = 0; i < slots; i++)
        {
            ids.Add((await TaskCalls.SubmitAsync(client, request).ConfigureAwait(false)).Id);
        }

        return ids;
    }

    /// <summary>Waits until every blocker runs (it holds its slot).</summary>
    private static async Task<List<string>> WaitRunningAsync(TaskServiceClient client, List<string> blockers)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var id in blockers)
        {
            while ((await TaskCalls.GetAsync(client, id).ConfigureAwait(false)).State != JobState.Running)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"Blocker {id} did not start within 60 s.");
                }

                await Task.Delay(10).ConfigureAwait(false);
            }
        }

        return blockers;
    }

    private static async Task QueueAsync(TaskServiceClient client, SubmitRequest request, int count, List<string> ids)
    {
        var next = -1;
        var workers = new Task[SubmitConcurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < count)
                {
                    var job = await TaskCalls.SubmitAsync(client, request).ConfigureAwait(false);
                    lock (ids)
                    {
                        ids.Add(job.Id);
                    }
                }
            });
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>How many of the low-priority jobs have left the queue: they run oldest first, so the first still QUEUED (binary search) counts them (± the submitters' interleaving).</summary>
    private static async Task<int> CountRunAsync(TaskServiceClient client, List<string> ids)
    {
        int lo = 0, hi = ids.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (await IsQueuedAsync(client, ids[mid]).ConfigureAwait(false))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>Whether the job still waits; a job that ran and passed its retention is gone (NOT_FOUND).</summary>
    private static async Task<bool> IsQueuedAsync(TaskServiceClient client, string id)
    {
        try
        {
            return (await TaskCalls.GetAsync(client, id).ConfigureAwait(false)).State == JobState.Queued;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }
}
