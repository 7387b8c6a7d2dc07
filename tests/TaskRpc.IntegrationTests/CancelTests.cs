using System.Diagnostics;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Cancel of running, queued and finished jobs.</summary>
public sealed class CancelTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Theory]
    [InlineData("demo.sleep")]
    [InlineData("demo.blocking_sleep")]
    public async Task Cancel_RunningJob_EndsCancelledQuickly(string task)
    {
        var job = await _client.SubmitAsync(task, """{"seconds": 30, "steps": 3}""");
        await _client.WaitForStateAsync(job.Id, JobState.Running);
        var clock = Stopwatch.StartNew();

        var response = await _client.CancelAsync(job.Id, "no longer needed");
        var ended = await _client.AwaitAsync(job.Id, TimeSpan.FromSeconds(15));

        Assert.True(response.Cancelled);
        Assert.Contains(response.Job.State, new[] { JobState.Running, JobState.Cancelled });
        Assert.Equal(JobState.Cancelled, ended.State);
        // Half the job's 30 s: only a cancel that reached the handler ends it this early.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The job took {clock.Elapsed} to end after its cancel.");
        Assert.Equal("CANCELLED", ended.Error.Code);
        Assert.Contains("no longer needed", ended.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, ended.Attempt);
    }

    [Fact]
    public async Task Cancel_QueuedDelayedJob_NeverRuns()
    {
        var job = await _client.SubmitAsync("demo.echo", "{}", r => r.Delay = Durations.Seconds(30));

        var response = await _client.CancelAsync(job.Id);
        var ended = await _client.AwaitAsync(job.Id, TimeSpan.FromSeconds(15));
        var events = await _client.ReadEventsAsync(job.Id);

        Assert.True(response.Cancelled);
        Assert.Equal(JobState.Cancelled, response.Job.State);
        Assert.Equal(JobState.Cancelled, ended.State);
        Assert.Equal(0, ended.Attempt);
        Assert.Null(ended.StartTime);
        Assert.Equal([JobState.Queued, JobState.Cancelled], events.Select(e => e.StateChange.State));
    }

    [Fact]
    public async Task Cancel_JobWaitingToRetry_EndsCancelledWithoutAnotherAttempt()
    {
        var retry = new RetryPolicy { MaxAttempts = 3, InitialBackoff = Durations.Seconds(30), MaxBackoff = Durations.Seconds(30) };
        var job = await _client.SubmitAsync("test.flaky", """{"succeed_on_attempt": 3}""", r => r.Retry = retry);
        await _client.WaitForEventAsync(job.Id, e => e.StateChange is { State: JobState.Queued, Error: not null }, "a retry scheduled");

        var response = await _client.CancelAsync(job.Id);
        var ended = await _client.AwaitAsync(job.Id, TimeSpan.FromSeconds(15));

        Assert.True(response.Cancelled);
        Assert.Equal(JobState.Cancelled, ended.State);
        Assert.Equal(1, ended.Attempt);
    }

    [Fact]
    public async Task Cancel_TerminalJob_ReturnsNotCancelledAndJobUnchanged()
    {
        var done = await _client.RunAsync("demo.echo", """{"a": 1}""");

        var response = await _client.CancelAsync(done.Id);

        Assert.False(response.Cancelled);
        Assert.Equal(done, response.Job);
        Assert.Equal(done, await _client.GetAsync(done.Id));
    }

    [Fact]
    public async Task Cancel_Twice_SecondReturnsNotCancelled()
    {
        var job = await _client.SubmitAsync("demo.echo", "{}", r => r.Delay = Durations.Seconds(30));

        var first = await _client.CancelAsync(job.Id);
        var second = await _client.CancelAsync(job.Id);

        Assert.True(first.Cancelled);
        Assert.False(second.Cancelled);
        Assert.Equal(JobState.Cancelled, second.Job.State);
    }
}
