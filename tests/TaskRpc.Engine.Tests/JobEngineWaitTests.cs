using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests;

public sealed class JobEngineWaitTests
{
    [Fact]
    public async Task AwaitAsync_TimeoutBeforeEnd_ReturnsTheCurrentSnapshot()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        await harness.Probe.WaitStartedAsync(1);

        var current = await harness.Engine.AwaitAsync(job.Id, TimeSpan.FromMilliseconds(50));

        Assert.Equal(JobState.Running, current.State);
    }

    [Fact]
    public async Task AwaitAsync_SeveralWaitersOnARunningJob_AllGetTheTerminalSnapshotAsStored()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        await harness.Probe.WaitStartedAsync(1);
        using var cancelled = new CancellationTokenSource();
        var first = harness.Engine.AwaitAsync(job.Id, TestWait.Timeout).AsTask();
        var second = harness.Engine.AwaitAsync(job.Id).AsTask();
        var abandoned = harness.Engine.AwaitAsync(job.Id, cancellationToken: cancelled.Token).AsTask();
        Assert.False(first.IsCompleted || second.IsCompleted || abandoned.IsCompleted);

        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        harness.Probe.Release.TrySetResult();
        var ended = await first;

        Assert.Equal(JobState.Succeeded, ended.State);
        Assert.Same(ended, await second);
        Assert.Equal(ended, await harness.Engine.GetAsync(job.Id));
        Assert.Equal(ended, await harness.Engine.AwaitAsync(job.Id));
    }

    [Fact]
    public async Task WaitAsync_FirstCompletedWithTimeout_ReturnsTheDoneAndThePendingInRequestOrder()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var blocked = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        var quick = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));

        var result = await harness.Engine.WaitAsync([blocked.Id, quick.Id, blocked.Id], ReturnWhen.FirstCompleted, TestWait.Timeout);

        Assert.Equal(quick.Id, Assert.Single(result.Done).Id);
        Assert.Equal(blocked.Id, Assert.Single(result.Pending).Id);
    }

    [Fact]
    public async Task WaitAsync_TimeoutWithNothingDone_ReturnsAllPending()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var a = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        var b = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));

        var result = await harness.Engine.WaitAsync([a.Id, b.Id], ReturnWhen.FirstCompleted, TimeSpan.FromMilliseconds(50));

        Assert.Empty(result.Done);
        Assert.Equal([a.Id, b.Id], result.Pending.Select(j => j.Id));
    }

    [Fact]
    public async Task WaitAsync_FirstException_ReturnsWhenOneFailsWhileOthersRun()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var blocked = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        var failing = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.fail", """{"message":"x"}"""));

        var result = await harness.Engine.WaitAsync([blocked.Id, failing.Id], ReturnWhen.FirstException, TestWait.Timeout);

        Assert.Equal(JobState.Failed, Assert.Single(result.Done).State);
        Assert.Equal(blocked.Id, Assert.Single(result.Pending).Id);
    }

    [Fact]
    public async Task WaitAsync_FirstExceptionAllSucceed_ReturnsWhenAllHaveEnded()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var a = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));
        var b = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));

        var result = await harness.Engine.WaitAsync([a.Id, b.Id], ReturnWhen.FirstException, TestWait.Timeout);

        Assert.Equal(2, result.Done.Count);
        Assert.Empty(result.Pending);
    }

    [Fact]
    public async Task WaitAsync_AllCompleted_WakesOnlyWhenTheLastEnds()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var quick = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));
        var gated = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        await harness.Probe.WaitStartedAsync(1);

        var wait = harness.Engine.WaitAsync([quick.Id, gated.Id], ReturnWhen.AllCompleted, TestWait.Timeout).AsTask();
        await harness.AwaitAsync(quick.Id);
        Assert.False(wait.IsCompleted);
        harness.Probe.Release.TrySetResult();
        var result = await wait;

        Assert.Equal([quick.Id, gated.Id], result.Done.Select(j => j.Id));
        Assert.Empty(result.Pending);
    }

    [Fact]
    public async Task WaitAsync_UnknownId_ThrowsJobNotFound()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));

        await Assert.ThrowsAsync<Errors.JobNotFoundException>(() => harness.Engine.WaitAsync([job.Id, "jMISSING"]).AsTask());
    }
}
