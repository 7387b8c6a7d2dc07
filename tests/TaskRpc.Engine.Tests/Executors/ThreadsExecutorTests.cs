using System.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors;

public sealed class ThreadsExecutorTests
{
    [Fact]
    public async Task Execute_SaturatedWithBlockingHandlers_ThreadPoolStillResponds()
    {
        const int threads = 16; // Far more than the thread pool's minimum on a small machine.
        await using var harness = await EngineHarness.CreateAsync(o => o.Threads.MaxConcurrency = threads);
        var ids = new List<string>();
        for (var i = 0; i < threads + 4; i++)
        {
            ids.Add((await harness.Engine.SubmitAsync(EngineHarness.Job("test.blocking"))).Id);
        }

        await harness.Probe.WaitStartedAsync(threads);
        var stopwatch = Stopwatch.StartNew();
        var roundTrip = await Task.Run(() => 42).WaitAsync(TestWait.Timeout);
        var elapsed = stopwatch.Elapsed;
        var queued = await harness.Engine.WaitAsync(ids, ReturnWhen.FirstCompleted, TimeSpan.Zero);
        harness.Probe.Unblock.Set();
        var result = await harness.Engine.WaitAsync(ids, ReturnWhen.AllCompleted, TestWait.Timeout);

        Assert.Equal(42, roundTrip);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"A thread-pool round trip took {elapsed} while the Threads executor was saturated.");
        Assert.Empty(queued.Done);
        Assert.Equal(4, queued.Pending.Count(j => j.State == JobState.Queued));
        Assert.All(result.Done, j => Assert.Equal("true", j.Result!.GetJsonText()));
        Assert.DoesNotContain(true, harness.Probe.RanOnThreadPool);
        Assert.Equal(threads, harness.Probe.MaxConcurrent);
    }

    [Fact]
    public async Task Execute_DemoBlockingSleep_ReportsProgressAtEachStep()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.ProgressFlushInterval = TimeSpan.Zero);

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.blocking_sleep", """{"seconds":0.05,"steps":5}"""));
        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(ExecutorKind.Threads, done.Executor);
        Assert.Equal(1.0, done.Progress!.Fraction);
        Assert.Equal("step 5 of 5", done.Progress.Message);
    }

    [Fact]
    public async Task Execute_DemoBlockingSleepCancelled_StopsAtOnce()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.blocking_sleep", """{"seconds":3600,"steps":1}"""));
        await harness.WaitForStateAsync(job.Id, JobState.Running);

        await harness.Engine.CancelAsync(job.Id, "enough");

        Assert.Equal(JobState.Cancelled, (await harness.AwaitAsync(job.Id)).State);
    }
}
