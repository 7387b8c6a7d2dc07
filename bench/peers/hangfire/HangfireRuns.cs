using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using TaskRpc.Bench.Load;

namespace TaskRpc.Bench.Hangfire;

/// <summary>
/// The runs, shaped as TaskRpc.Bench.Load's: a closed loop (each caller enqueues a job with
/// <see cref="BackgroundJobClient.Create"/> and awaits its Succeeded state through the
/// <see cref="JobTracker"/>), idle submit-to-start (one caller, a pause between jobs) and a
/// backlog drain (jobs enqueued with no server running, then a server started). Latencies are
/// from the start of the enqueue call; "started" is when the worker begins to perform the job.
/// </summary>
internal sealed class HangfireRuns
{
    private readonly JobStorage _storage;
    private readonly JobTracker _tracker;
    private readonly BackgroundJobClient _client;

    public HangfireRuns(JobStorage storage, JobTracker tracker)
    {
        _storage = storage;
        _tracker = tracker;
        _client = new BackgroundJobClient(storage);
    }

    public async Task<List<KeyValuePair<string, object>>> ClosedAsync(
        string name, Job job, int concurrency, int workers, TimeSpan warmup, TimeSpan duration)
    {
        using var server = HangfireSetup.StartServer(_storage, workers);
        var clock = Stopwatch.StartNew();
        var measureTo = warmup + duration;
        var latency = new LatencyHistogram[concurrency];
        var toStart = new LatencyHistogram[concurrency];
        var failed = new long[concurrency];
        var errors = new long[concurrency];
        using var stop = new CancellationTokenSource(measureTo + TimeSpan.FromSeconds(30));
        var callers = Enumerable.Range(0, concurrency).Select(index =>
        {
            latency[index] = new LatencyHistogram();
            toStart[index] = new LatencyHistogram();
            return Task.Run(() => CallerAsync(index));
        }).ToArray();
        await Task.WhenAll(callers).ConfigureAwait(false);
        var total = new LatencyHistogram();
        var started = new LatencyHistogram();
        for (var i = 0; i < concurrency; i++)
        {
            total.Add(latency[i]);
            started.Add(toStart[i]);
        }

        var fields = Fields(name, concurrency, workers);
        fields.AddRange(
        [
            new("seconds", duration.TotalSeconds),
            new("completed", total.Count),
            new("failed", failed.Sum()),
            new("errors", errors.Sum()),
            new("per_second", Math.Round(total.Count / duration.TotalSeconds, 1)),
            new("p50_us", total.Percentile(0.50)),
            new("p90_us", total.Percentile(0.90)),
            new("p99_us", total.Percentile(0.99)),
            new("max_us", total.MaxMicroseconds),
            new("submit_to_start_p50_us", started.Percentile(0.50)),
            new("submit_to_start_p99_us", started.Percentile(0.99)),
        ]);
        return fields;

        async Task CallerAsync(int index)
        {
            while (clock.Elapsed < measureTo)
            {
                var start = clock.Elapsed;
                bool? ok;
                long latencyUs, toStartUs;
                try
                {
                    (ok, latencyUs, toStartUs) = await OneAsync(job, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    errors[index]++; // Not finished 30 s after the window closed.
                    return;
                }

                var end = clock.Elapsed;
                if (start < warmup || end > measureTo)
                {
                    continue;
                }

                if (ok is null)
                {
                    errors[index]++;
                }
                else if (ok == false)
                {
                    failed[index]++;
                }
                else
                {
                    latency[index].Record(latencyUs);
                    toStart[index].Record(toStartUs);
                }
            }
        }
    }

    public async Task<List<KeyValuePair<string, object>>> IdleAsync(Job job, int workers, int warmupJobs, int jobs, TimeSpan pause)
    {
        using var server = HangfireSetup.StartServer(_storage, workers);
        for (var i = 0; i < warmupJobs; i++)
        {
            await OneAsync(job).ConfigureAwait(false);
        }

        var roundTrip = new LatencyHistogram();
        var toStart = new LatencyHistogram();
        long failed = 0;
        for (var i = 0; i < jobs; i++)
        {
            await Task.Delay(pause).ConfigureAwait(false);
            var (ok, latencyUs, toStartUs) = await OneAsync(job).ConfigureAwait(false);
            if (ok != true)
            {
                failed++;
                continue;
            }

            roundTrip.Record(latencyUs);
            toStart.Record(toStartUs);
        }

        var fields = Fields("idle", 1, workers);
        fields.AddRange(
        [
            new("jobs", jobs),
            new("failed", failed),
            new("pause_ms", (long)pause.TotalMilliseconds),
            new("submit_to_start_p50_us", toStart.Percentile(0.5)),
            new("submit_to_start_p99_us", toStart.Percentile(0.99)),
            new("round_trip_p50_us", roundTrip.Percentile(0.5)),
            new("round_trip_p99_us", roundTrip.Percentile(0.99)),
        ]);
        return fields;
    }

    public async Task<List<KeyValuePair<string, object>>> BacklogAsync(Job job, int workers, int jobs)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = 64 }, (_, _) =>
        {
            _client.Create(job, new EnqueuedState());
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        var target = _tracker.Succeeded + jobs;
        clock.Restart();
        using (HangfireSetup.StartServer(_storage, workers))
        {
            var deadline = TimeSpan.FromSeconds(300);
            while (_tracker.Succeeded < target && clock.Elapsed < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
            }
        }

        var drain = clock.Elapsed.TotalSeconds;
        var done = jobs - (target - _tracker.Succeeded);
        var fields = Fields("backlog", 0, workers);
        fields.AddRange(
        [
            new("jobs", jobs),
            new("succeeded", done),
            new("submit_seconds", Math.Round(submitSeconds, 3)),
            new("submits_per_second", Math.Round(jobs / submitSeconds, 1)),
            new("drain_seconds", Math.Round(drain, 3)),
            new("per_second", Math.Round(done / drain, 1)),
        ]);
        return fields;
    }

    /// <summary>Enqueues <paramref name="job"/> and awaits its end: (true/false as it succeeded, or null when the enqueue threw; µs from the call to the end; µs from the call to its start).</summary>
    private async Task<(bool? Ok, long LatencyUs, long ToStartUs)> OneAsync(Job job, CancellationToken cancellationToken = default)
    {
        var sent = Stopwatch.GetTimestamp();
        string id;
        try
        {
            id = _client.Create(job, new EnqueuedState());
        }
#pragma warning disable CA1031 // a failed enqueue is counted, not fatal to the run
        catch (Exception error)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"enqueue failed: {error.GetType().Name}: {error.Message}").ConfigureAwait(false);
            return (null, 0, 0);
        }

        var tracked = _tracker.Get(id);
        var ok = await tracked.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var latency = (long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
        _tracker.Forget(id);
        return (ok, latency, (long)Stopwatch.GetElapsedTime(sent, tracked.Started).TotalMicroseconds);
    }

    private List<KeyValuePair<string, object>> Fields(string name, int concurrency, int workers) =>
    [
        new("system", "hangfire"),
        new("storage", _storage is global::Hangfire.InMemory.InMemoryStorage ? "memory" : "postgres"),
        new("name", name),
        new("concurrency", concurrency),
        new("workers", workers),
    ];
}
