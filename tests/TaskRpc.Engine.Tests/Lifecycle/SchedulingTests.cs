using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Lifecycle;

public sealed class SchedulingTests
{
    [Fact]
    public async Task Dispatch_Priorities_HigherFirstThenFifo()
    {
        await using var harness = await EngineHarness.CreateAsync(
            configureTask: (name, o) => o.MaxConcurrency = name == "test.record" ? 1 : o.MaxConcurrency,
            start: false);
        var ids = new List<string>();
        foreach (var (name, priority) in new[] { ("a", 0), ("b", 5), ("c", -1), ("d", 5), ("e", 10) })
        {
            ids.Add((await harness.Engine.SubmitAsync(Record(name) with { Priority = priority })).Id);
        }

        await harness.StartAsync();
        await harness.Engine.WaitAsync(ids, ReturnWhen.AllCompleted, TestWait.Timeout);

        Assert.Equal(["e", "b", "d", "a", "c"], harness.Probe.StartOrder);
    }

    [Fact]
    public async Task Dispatch_ExecutorCapacityOne_RunsByPriority()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.Async.MaxConcurrency = 1, start: false);
        var ids = new List<string>();
        foreach (var (name, priority) in new[] { ("low", -5), ("mid", 0), ("high", 7) })
        {
            ids.Add((await harness.Engine.SubmitAsync(Record(name) with { Priority = priority })).Id);
        }

        await harness.StartAsync();
        await harness.Engine.WaitAsync(ids, ReturnWhen.AllCompleted, TestWait.Timeout);

        Assert.Equal(["high", "mid", "low"], harness.Probe.StartOrder);
        Assert.Equal(1, harness.Probe.MaxConcurrent);
    }

    [Fact]
    public async Task Dispatch_TaskConcurrencyLimit_IsNeverExceeded()
    {
        await using var harness = await EngineHarness.CreateAsync(configureTask: (name, o) => o.MaxConcurrency = name == "test.gate" ? 3 : 0);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate")).ConfigureAwait(true)).Id);
        }

        await harness.Probe.WaitStartedAsync(3);
        var echo = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));
        await harness.AwaitAsync(echo.Id); // Other tasks still run while this one is at its limit.
        Assert.Equal(3, harness.Probe.Runs);
        harness.Probe.Release.TrySetResult();
        var result = await harness.Engine.WaitAsync(ids, ReturnWhen.AllCompleted, TestWait.Timeout);

        Assert.All(result.Done, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(10, harness.Probe.Runs);
        Assert.Equal(3, harness.Probe.MaxConcurrent);
    }

    [Fact]
    public async Task Dispatch_FanOutOf600_CompletesWithinTheExecutorBound()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.Async.MaxConcurrency = 8);
        var ids = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            ids.Add((await harness.Engine.SubmitAsync(Record($"r{i}"))).Id);
        }

        var result = await harness.Engine.WaitAsync(ids, ReturnWhen.AllCompleted, TestWait.Timeout);

        Assert.Equal(600, result.Done.Count(j => j.State == JobState.Succeeded));
        Assert.Equal(600, harness.Probe.Runs);
        Assert.InRange(harness.Probe.MaxConcurrent, 1, 8);
    }

    [Fact]
    public async Task Dispatch_DelayedJob_StartsNoEarlierThanNotBefore()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EngineHarness.CreateAsync(time: time);

        var job = await harness.Engine.SubmitAsync(Record("late") with { Delay = TimeSpan.FromSeconds(10) });
        time.Advance(TimeSpan.FromSeconds(9));
        var early = await harness.Engine.GetAsync(job.Id);
        time.Advance(TimeSpan.FromSeconds(1));
        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Queued, early.State);
        Assert.Equal(time.GetUtcNow(), job.NotBefore);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.True(done.StartedAt >= job.NotBefore);
    }

    [Fact]
    public async Task Dispatch_DelayedJobWithScheduleToStartTimeout_CountsTheTimeoutFromNotBefore()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EngineHarness.CreateAsync(time: time);

        var job = await harness.Engine.SubmitAsync(Record("late") with { Delay = TimeSpan.FromMinutes(10), ScheduleToStartTimeout = TimeSpan.FromMinutes(1) });
        time.Advance(TimeSpan.FromMinutes(9));
        var beforeNotBefore = await harness.Engine.GetAsync(job.Id);
        time.Advance(TimeSpan.FromMinutes(1));
        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Queued, beforeNotBefore.State);
        Assert.Equal(JobState.Succeeded, done.State);
    }

    [Fact]
    public async Task Dispatch_FailingTwice_RetriesWithBackoffAndSucceedsOnAttempt3()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var retry = new RetryPolicy { MaxAttempts = 5, InitialBackoff = TimeSpan.FromMilliseconds(20), Jitter = 0 };

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.flaky", """{"succeedOnAttempt":3}""") with { Retry = retry });
        var done = await harness.AwaitAsync(job.Id);
        var changes = (await harness.Engine.SubscribeAsync(job.Id).ToListAsync()).Where(e => e.StateChange is not null).ToList();

        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(3, done.Attempt);
        Assert.Equal("3", done.Result!.GetJsonText());
        Assert.Equal(
            [(JobState.Queued, 0), (JobState.Running, 1), (JobState.Queued, 1), (JobState.Running, 2), (JobState.Queued, 2), (JobState.Running, 3), (JobState.Succeeded, 3)],
            changes.Select(e => (e.StateChange!.State, e.StateChange.Attempt)));
        Assert.Equal("attempt 1 failed", changes[2].StateChange!.Error!.Message);
        Assert.True(changes[3].Time - changes[2].Time >= TimeSpan.FromMilliseconds(20));
        Assert.True(changes[5].Time - changes[4].Time >= TimeSpan.FromMilliseconds(40));
    }

    [Fact]
    public async Task Dispatch_RetriesExhausted_FailsWithTheLastError()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.Zero };

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.flaky", """{"succeedOnAttempt":9}""") with { Retry = retry });
        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(2, done.Attempt);
        Assert.Equal("attempt 2 failed", done.Error!.Message);
    }

    [Fact]
    public async Task Dispatch_ExecutionTimeout_FiresTheTokenAndFailsWithDeadlineExceeded()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate") with { ExecutionTimeout = TimeSpan.FromMilliseconds(100) });
        var done = await harness.AwaitAsync(job.Id);

        Assert.True(await harness.Probe.CancelObserved.WaitAsync(TestWait.Timeout));
        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, done.Error!.Code);
    }

    [Fact]
    public async Task Dispatch_ScheduleToStartTimeout_FailsWithoutRunning()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EngineHarness.CreateAsync(time: time, configureTask: (name, o) => o.MaxConcurrency = name == "test.gate" ? 1 : 0);
        var blocker = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"blocker"}"""));
        await harness.Probe.WaitStartedAsync(1);

        var starved = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"starved"}""") with { ScheduleToStartTimeout = TimeSpan.FromSeconds(5) });
        time.Advance(TimeSpan.FromSeconds(6));
        var done = await harness.AwaitAsync(starved.Id);
        harness.Probe.Release.TrySetResult();
        await harness.AwaitAsync(blocker.Id);

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, done.Error!.Code);
        Assert.Equal(0, done.Attempt);
        Assert.Equal(["blocker"], harness.Probe.StartOrder);
    }

    [Fact]
    public async Task Retention_AfterTtl_JobIsNotFoundAndItsKeyIsFree()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EngineHarness.CreateAsync(
            o =>
            {
                o.ResultRetention = TimeSpan.FromHours(1);
                o.RetentionSweepInterval = TimeSpan.FromMinutes(1);
            },
            time: time);
        var submission = EngineHarness.Job("demo.echo") with { IdempotencyKey = "once" };
        var job = await harness.Engine.SubmitAsync(submission);
        await harness.AwaitAsync(job.Id);

        time.Advance(TimeSpan.FromMinutes(59));
        var retained = await harness.Engine.GetAsync(job.Id);
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(job.Id, retained.Id);
        await Assert.ThrowsAsync<Errors.JobNotFoundException>(() => harness.Engine.GetAsync(job.Id).AsTask());
        Assert.Null(await harness.Store.GetAsync(job.Id)); // The sweep deleted it.
        Assert.NotEqual(job.Id, (await harness.Engine.SubmitAsync(submission)).Id);
    }

    private static JobSubmission Record(string name) => EngineHarness.Job("test.record", $$"""{"name":"{{name}}"}""");
}
