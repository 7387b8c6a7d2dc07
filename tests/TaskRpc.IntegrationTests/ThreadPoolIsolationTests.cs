using System.Diagnostics;
using Grpc.Health.V1;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>
/// Blocking handlers never starve the .NET thread pool or Kestrel: with every thread of the
/// Threads executor blocked (and more jobs queued behind them), RPCs are still answered fast.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class ThreadPoolIsolationTests() : InProcessServer($"--Engine:Threads:MaxConcurrency={Threads}")
{
    private const int Threads = 16;
    [Fact]
    public async Task Rpcs_WhileEveryWorkerThreadBlocks_AnswerFast()
    {
        // More blocking jobs than threads, and far more blocked threads than the thread pool's
        // minimum: had they run on the pool, the calls below would stall while it grew.
        var jobs = new List<Job>();
        var calls = new List<TimeSpan>();
        var total = Stopwatch.StartNew();
        try
        {
            // One by one, so the first Threads jobs are the ones that get the threads.
            for (var i = 0; i < Threads + 4; i++)
            {
                jobs.Add(await TimedAsync(calls, () => Client.SubmitAsync("demo.blocking_sleep", """{"seconds": 20}""")));
            }

            for (var i = 0; i < 50; i++)
            {
                _ = i % 2 == 0
                    ? (object)await TimedAsync(calls, () => Client.GetAsync(jobs[i % jobs.Count].Id))
                    : await TimedAsync(calls, Client.ListTasksAsync);
            }

            var health = await TimedAsync(calls, () => Client.CheckHealthAsync("taskrpc.v1.TaskService"));
            await Task.WhenAll(jobs.Take(Threads).Select(j => Client.WaitForStateAsync(j.Id, JobState.Running)));
            var states = (await Client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.AllCompleted, TimeSpan.Zero)).Pending.Select(j => j.State).ToList();
            total.Stop();

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            Assert.Equal(Threads, states.Count(s => s == JobState.Running));
            Assert.Equal(4, states.Count(s => s == JobState.Queued));
            Assert.True(calls.Max() < TimeSpan.FromSeconds(1), "Slowest call: " + calls.Max());
            Assert.True(total.Elapsed < TimeSpan.FromSeconds(5), $"{calls.Count} calls, then all {Threads} threads blocked, took {total.Elapsed}.");
        }
        finally
        {
            await Client.CancelAllAsync(jobs.Select(j => j.Id));
        }
    }

    private static async Task<T> TimedAsync<T>(List<TimeSpan> times, Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        var result = await call();
        times.Add(clock.Elapsed);
        return result;
    }
}
