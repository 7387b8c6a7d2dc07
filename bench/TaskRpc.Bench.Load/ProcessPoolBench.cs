using System.Diagnostics;
using TaskRpc.Contracts.V1;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Process-pool cancel latency: a demo.cpu job runs in a worker process; once it has reported its
/// first progress (its handler really runs in a worker: RUNNING alone is also the state of a run on
/// its way to a worker, where a cancel ends it without a kill) the bench cancels it and times
/// Cancel-to-terminal. With ignore_cancel the handler never looks at its token, so the pool must
/// kill the worker after its grace period (forced cancel); without, the handler sees the token at
/// its next progress step (cooperative cancel).
/// </summary>
internal static class ProcessPoolBench
{
    public static async Task<IEnumerable<KeyValuePair<string, object>>> CancelAsync(TaskServiceClient client, bool forced, int rounds)
    {
        var args = forced ? "{\"n\":1000000000000,\"ignore_cancel\":true}" : "{\"n\":1000000000,\"ignore_cancel\":false}";
        var histogram = new LatencyHistogram();
        var cancelled = 0;
        for (var round = 0; round < rounds; round++)
        {
            var job = await TaskCalls.SubmitAsync(client, TaskCalls.Request("demo.cpu", args, wait: false)).ConfigureAwait(false);
            await FirstProgressAsync(client, job.Id).ConfigureAwait(false);

            var clock = Stopwatch.StartNew();
            await TaskCalls.CancelAsync(client, job.Id).ConfigureAwait(false);
            var done = await TaskCalls.AwaitAsync(client, job.Id).ConfigureAwait(false);
            histogram.Record((long)clock.Elapsed.TotalMicroseconds);
            cancelled += done.State == JobState.Cancelled ? 1 : 0;
        }

        var name = forced ? "process-cancel-forced" : "process-cancel-cooperative";
        Console.Error.WriteLine(FormattableString.Invariant(
            $"{name}: {cancelled}/{rounds} cancelled, p50 {histogram.Percentile(0.5) / 1000:F1} ms, max {histogram.MaxMicroseconds / 1000.0:F1} ms"));
        return
        [
            new("name", name),
            new("rounds", rounds),
            new("cancelled", cancelled),
            new("p50_us", histogram.Percentile(0.5)),
            new("p90_us", histogram.Percentile(0.9)),
            new("max_us", histogram.MaxMicroseconds),
        ];
    }

    /// <summary>Follows the job's events until its first progress report (within 30 s).</summary>
    private static async Task FirstProgressAsync(TaskServiceClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = client.StreamProgress(new StreamProgressRequest { Id = id }, cancellationToken: timeout.Token);
        while (await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false))
        {
            if (call.ResponseStream.Current.Progress is not null)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Job {id} ended without a progress report.");
    }
}
