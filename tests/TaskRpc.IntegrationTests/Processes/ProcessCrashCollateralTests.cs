using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TaskRpc.IntegrationTests.Processes;

/// <summary>
/// A job never fails because another job crashed the worker they shared (MaxInFlightPerWorker 2,
/// the default): the pool re-runs the suspects each alone, and only the one that crashes again fails.
/// </summary>
[Collection(ProcessPoolSerial.Name)]
public sealed class ProcessCrashCollateralTests(ITestOutputHelper output)
{
    private const int Pairs = 10;
    private const string Crash = """{"mode": "exit", "exit_code": 106}""";

    [Fact]
    public async Task Submit_MixedCrashAndNormalLoad_EveryNormalJobSucceedsAndEveryCrashJobFailsOnItsOwnAttempts()
    {
        await using var server = await PoolServer.StartAsync();

        // Normal and crash jobs interleaved, all at once: with two runs per worker a crash often takes
        // down a worker whose previous (normal) run has finished but whose result is still inside it.
        var submits = new List<Task<Job>>();
        var maxAttempts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Pairs; i++)
        {
            var attempts = i % 4 == 0 ? 2 : 1;
            submits.Add(server.Client.SubmitAsync("demo.cpu", """{"n": 1}"""));
            submits.Add(server.Client.SubmitAsync("demo.crash", Crash, r =>
            {
                if (attempts > 1)
                {
                    r.Retry = new RetryPolicy { MaxAttempts = attempts, InitialBackoff = Durations.Ms(10) };
                }
            }).ContinueWith(t => { lock (maxAttempts) { maxAttempts[t.Result.Id] = attempts; } return t.Result; }, TaskScheduler.Default));
        }

        var jobs = await Task.WhenAll(submits);
        var done = await WaitAllAsync(server.Client, jobs.Select(j => j.Id).ToList());

        var failures = new List<string>();
        foreach (var job in done)
        {
            output.WriteLine($"{job.Task} attempt {job.Attempt}: {CpuJobs.Describe(job)}");
            if (job.Task == "demo.cpu" && job.State != JobState.Succeeded)
            {
                failures.Add($"normal job {job.Id} ended {CpuJobs.Describe(job)}");
            }
            else if (job.Task == "demo.crash" && (job.State != JobState.Failed || job.Error.Code != "ABORTED"
                || !job.Error.Message.Contains("exited with code 106", StringComparison.Ordinal) || job.Attempt != maxAttempts[job.Id]))
            {
                failures.Add($"crash job {job.Id} (max attempts {maxAttempts[job.Id]}) ended at attempt {job.Attempt}: {CpuJobs.Describe(job)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await server.WaitForWorkersAsync(2);
        await CpuJobs.RunAsync(server.Client);
    }

    /// <summary>Waits until every job has ended (each crash restarts a worker: slow on a loaded machine), in rounds within the call deadline.</summary>
    private static async Task<List<Job>> WaitAllAsync(TaskRpcClient client, List<string> ids)
    {
        for (var round = 0; round < 20; round++)
        {
            var response = await client.WaitAsync(ids, ReturnWhen.AllCompleted, TimeSpan.FromSeconds(20));
            if (response.Pending.Count == 0)
            {
                return [.. response.Done];
            }
        }

        Assert.Fail("The jobs did not all end within 400 s.");
        return [];
    }
}
