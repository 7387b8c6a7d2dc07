using System.Diagnostics;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Bench.Load;

/// <summary>
/// A closed loop: <c>concurrency</c> workers each submit a job with wait back to back; the first
/// <c>warmup</c> is discarded, the next <c>duration</c> is measured. Only jobs that ended SUCCEEDED
/// count as completed (latency, throughput, stage times); jobs that ended otherwise are counted as
/// failed (with the first failure's state and error), calls that threw as errors. The process's CPU
/// and allocations are sampled at the window's ends (<see cref="ProcessCost"/>).
/// </summary>
internal static class ClosedLoop
{
    public static Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<CancellationToken, Task<Job>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunAsync(name, concurrency, warmup, duration, (_, ct) => operation(ct));
    }

    /// <summary>As above, with the worker's index (0 … concurrency − 1) passed to each call, e.g. to pick its target.</summary>
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, CancellationToken, Task<Job>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var measureTo = warmup + duration;
        var histograms = new LatencyHistogram[concurrency];
        var stages = new JobStages[concurrency];
        var errors = new long[concurrency];
        var failed = new long[concurrency];
        string? firstFailure = null;
        using var stop = new CancellationTokenSource(measureTo + TimeSpan.FromSeconds(30));
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var index = w;
            histograms[index] = new LatencyHistogram();
            stages[index] = new JobStages();
            workers[w] = Task.Run(() => WorkerAsync(index));
        }

        var cost = await MeasureCostAsync().ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
        var total = new LatencyHistogram();
        var totalStages = new JobStages();
        for (var w = 0; w < concurrency; w++)
        {
            total.Add(histograms[w]);
            totalStages.Add(stages[w]);
        }

        return new LoadResult(name, concurrency, duration.TotalSeconds, total.Count, failed.Sum(), errors.Sum(), firstFailure, total, totalStages, cost);

        async Task<ProcessCost> MeasureCostAsync()
        {
            await Task.Delay(measureFrom).ConfigureAwait(false);
            var start = ProcessCost.Now();
            var rest = measureTo - clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest).ConfigureAwait(false);
            }

            return ProcessCost.Now().Since(start);
        }

        async Task WorkerAsync(int index)
        {
            var histogram = histograms[index];
            while (clock.Elapsed < measureTo)
            {
                var start = clock.Elapsed;
                var sent = DateTime.UtcNow;
                Job job;
                try
                {
                    job = await operation(index, stop.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // a failed call is counted, not fatal to the run
                catch (Exception error) when (!stop.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    if (start >= measureFrom)
                    {
                        errors[index]++;
                        Interlocked.CompareExchange(ref firstFailure, $"call failed: {error.GetType().Name}: {error.Message}", null);
                    }

                    continue;
                }

                var end = clock.Elapsed;
                if (start < measureFrom || end > measureTo)
                {
                    continue;
                }

                if (job.State != JobState.Succeeded)
                {
                    failed[index]++;
                    Interlocked.CompareExchange(ref firstFailure, $"job ended {job.State}: {job.Error?.Code} {job.Error?.Message}", null);
                    continue;
                }

                histogram.Record((long)(end - start).TotalMicroseconds);
                stages[index].Record(job, sent, DateTime.UtcNow);
            }
        }
    }
}
