using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests;

public sealed class JobEngineCancelTests
{
    [Fact]
    public async Task CancelAsync_QueuedJob_EndsCancelledAtOnceAndNeverRuns()
    {
        await using var harness = await EngineHarness.CreateAsync(start: false);
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.record", """{"name":"never"}"""));

        var result = await harness.Engine.CancelAsync(job.Id, "not needed");
        await harness.StartAsync();
        var marker = await harness.Engine.SubmitAsync(EngineHarness.Job("test.record", """{"name":"marker"}"""));
        await harness.AwaitAsync(marker.Id);

        Assert.True(result.Cancelled);
        Assert.Equal(JobState.Cancelled, result.Job.State);
        Assert.Equal(JobErrorCodes.Cancelled, result.Job.Error!.Code);
        Assert.Contains("not needed", result.Job.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["marker"], harness.Probe.StartOrder);
        Assert.Equal(0, (await harness.Engine.GetAsync(job.Id)).Attempt);
    }

    [Fact]
    public async Task CancelAsync_RunningJob_FiresTheTokenAndEndsCancelled()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        await harness.Probe.WaitStartedAsync(1);

        var result = await harness.Engine.CancelAsync(job.Id);
        Assert.True(await harness.Probe.CancelObserved.WaitAsync(TestWait.Timeout));
        var done = await harness.AwaitAsync(job.Id);

        Assert.True(result.Cancelled);
        Assert.Equal(JobState.Cancelled, done.State);
        Assert.Equal(JobErrorCodes.Cancelled, done.Error!.Code);
    }

    [Fact]
    public async Task CancelAsync_RunningHandlerIgnoresCancel_StillEndsCancelled()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.ignore_cancel"));
        await harness.Probe.WaitStartedAsync(1);

        await harness.Engine.CancelAsync(job.Id);

        var done = await harness.AwaitAsync(job.Id);
        Assert.Equal(JobState.Cancelled, done.State);
        Assert.Null(done.Result);
    }

    [Fact]
    public async Task CancelAsync_TerminalJob_ChangesNothingAndReturnsFalse()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));
        var done = await harness.AwaitAsync(job.Id);

        var result = await harness.Engine.CancelAsync(job.Id);

        Assert.False(result.Cancelled);
        Assert.Equal(done, result.Job);
        Assert.Equal(done, await harness.Engine.GetAsync(job.Id));
    }

    [Fact]
    public async Task CancelAsync_DemoSleep_StopsAtOnce()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.sleep", """{"seconds":3600,"steps":1}"""));
        await harness.WaitForStateAsync(job.Id, JobState.Running);

        await harness.Engine.CancelAsync(job.Id);

        Assert.Equal(JobState.Cancelled, (await harness.AwaitAsync(job.Id)).State);
    }

    [Fact]
    public async Task StopAsync_RunningJob_GoesBackToTheQueueWithItsAttemptUncounted()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate"));
        await harness.Probe.WaitStartedAsync(1);

        await harness.StopAsync();

        var stopped = await harness.Engine.GetAsync(job.Id);
        Assert.Equal(JobState.Queued, stopped.State);
        Assert.Equal(0, stopped.Attempt);
        Assert.Equal(JobErrorCodes.Aborted, stopped.Error!.Code);
        Assert.Contains("shutting down", stopped.Error.Message, StringComparison.Ordinal);
        Assert.True(await harness.Probe.CancelObserved.WaitAsync(TestWait.Timeout));
    }
}
