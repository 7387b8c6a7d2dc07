using System.Diagnostics;

namespace TaskRpc.Bench.Load;

/// <summary>
/// A closed loop: <c>concurrency</c> workers each call <c>operation</c> back to back; the first
/// <c>warmup</c> is discarded, the next <c>duration</c> is measured (latency per call, completions).
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<CancellationToken, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var measureTo = warmup + duration;
        var histograms = new LatencyHistogram[concurrency];
        var errors = new long[concurrency];
        using var stop = new CancellationTokenSource(measureTo + TimeSpan.FromSeconds(30));
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var index = w;
            histograms[index] = new LatencyHistogram();
            workers[w] = Task.Run(() => WorkerAsync(index));
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        var total = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            total.Add(histogram);
        }

        return new LoadResult(name, concurrency, duration.TotalSeconds, total.Count, errors.Sum(), total);

        async Task WorkerAsync(int index)
        {
            var histogram = histograms[index];
            while (clock.Elapsed < measureTo)
            {
                var start = clock.Elapsed;
                try
                {
                    await operation(stop.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // a failed call is counted, not fatal to the run
                catch (Exception) when (!stop.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    if (start >= measureFrom)
                    {
                        errors[index]++;
                    }

                    continue;
                }

                var end = clock.Elapsed;
                if (start >= measureFrom && end <= measureTo)
                {
                    histogram.Record((long)((end - start).TotalMicroseconds));
                }
            }
        }
    }
}
