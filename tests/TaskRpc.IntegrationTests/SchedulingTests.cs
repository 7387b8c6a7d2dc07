using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>When and how often jobs run: priority, delay, not_before, timeouts and retries.</summary>
public sealed class SchedulingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task Submit_Priorities_HigherRunsFirstAmongWaitingJobs()
    {
        // test.serial runs one job at a time: hold it with a gate so the others wait, then release.
        var (gate, blocker) = await StartSerialBlockerAsync();
        var low = await _client.SubmitAsync("test.serial", "{}", r => r.Priority = -5);
        var high = await _client.SubmitAsync("test.serial", "{}", r => r.Priority = 10);
        var middle = await _client.SubmitAsync("test.serial", "{}");
        blocker.Open();

        var response = await _client.WaitAsync([gate.Id, low.Id, high.Id, middle.Id], ReturnWhen.AllCompleted, TimeSpan.FromSeconds(10));

        var order = response.Done.ToDictionary(j => j.Id, j => JsonPayload.ResultOf(j).GetProperty("order").GetInt64());
        Assert.Equal(4, order.Count);
        Assert.True(order[gate.Id] < order[high.Id] && order[high.Id] < order[middle.Id] && order[middle.Id] < order[low.Id], string.Join(", ", order));
    }

    [Fact]
    public async Task Submit_ScheduleToStartTimeout_FailsWithoutRunning()
    {
        var (gate, blocker) = await StartSerialBlockerAsync();
        try
        {
            var waiting = await _client.SubmitAsync("test.serial", "{}", r => r.ScheduleToStartTimeout = Durations.Ms(200));

            var job = await _client.AwaitAsync(waiting.Id, TimeSpan.FromSeconds(5));

            Assert.Equal(JobState.Failed, job.State);
            Assert.Equal("DEADLINE_EXCEEDED", job.Error.Code);
            Assert.Equal(0, job.Attempt);
            Assert.Null(job.StartTime);
        }
        finally
        {
            blocker.Open();
            await _client.AwaitAsync(gate.Id);
        }
    }

    [Fact]
    public async Task Submit_Delay300ms_StartsAtLeast300msAfterCreate()
    {
        var job = await _client.RunAsync("demo.echo", "{}", r => r.Delay = Durations.Ms(300));

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(job.CreateTime.ToDateTimeOffset() + TimeSpan.FromMilliseconds(300), job.NotBefore.ToDateTimeOffset());
        Assert.True(job.StartTime.ToDateTimeOffset() >= job.NotBefore.ToDateTimeOffset(), $"Started {job.StartTime}, not before {job.NotBefore}.");
    }

    [Fact]
    public async Task Submit_NotBefore_StartsNoEarlier()
    {
        var notBefore = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMilliseconds(300));

        var job = await _client.RunAsync("demo.echo", "{}", r => r.NotBefore = notBefore);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(notBefore, job.NotBefore);
        Assert.True(job.StartTime.ToDateTimeOffset() >= notBefore.ToDateTimeOffset(), $"Started {job.StartTime}, not before {notBefore}.");
    }

    [Theory]
    [InlineData("demo.sleep")]
    [InlineData("demo.blocking_sleep")]
    public async Task Submit_ExecutionTimeout_FailsWithDeadlineExceeded(string task)
    {
        var job = await _client.RunAsync(task, """{"seconds": 30, "steps": 3}""", r => r.ExecutionTimeout = Durations.Ms(200));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("DEADLINE_EXCEEDED", job.Error.Code);
        Assert.Equal(Durations.Ms(200), job.ExecutionTimeout);
        Assert.True(job.FinishTime.ToDateTimeOffset() - job.StartTime.ToDateTimeOffset() < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Submit_RetryPolicy_SucceedsOnThirdAttempt()
    {
        var job = await _client.RunAsync("test.flaky", """{"succeed_on_attempt": 3}""", r => r.Retry = FastRetry(5));
        var events = await _client.ReadEventsAsync(job.Id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(3, job.Attempt);
        Assert.Equal(5, job.MaxAttempts);
        Assert.Equal(3, JsonPayload.ResultOf(job).GetInt32());
        var retries = events.Select(e => e.StateChange).Where(c => c is { State: JobState.Queued, Error: not null }).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("attempt 1 fails on purpose", retries[0].Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RetryPolicyExhausted_FailsAfterMaxAttempts()
    {
        var job = await _client.RunAsync("test.flaky", """{"succeed_on_attempt": 3}""", r => r.Retry = FastRetry(2));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.Equal("UNKNOWN", job.Error.Code);
        Assert.Contains("attempt 2 fails on purpose", job.Error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), job.Error.Type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ScheduleToStartTimeoutWithDelay_CountsFromNotBefore()
    {
        var job = await _client.RunAsync("demo.echo", "{}", r =>
        {
            // Counted from submission the timeout would expire before the delay ends; counted from
            // not_before it leaves a second for dispatch, ample on a loaded machine. The exact
            // boundary is tested with a fake clock in the engine tests.
            r.Delay = Durations.Ms(1500);
            r.ScheduleToStartTimeout = Durations.Ms(1000);
        });

        Assert.Equal(JobState.Succeeded, job.State);
    }

    private static RetryPolicy FastRetry(int maxAttempts) =>
        new() { MaxAttempts = maxAttempts, InitialBackoff = Durations.Ms(20), MaxBackoff = Durations.Ms(50) };

    /// <summary>Starts a test.serial job held at a gate, and returns once it holds the task's only slot.</summary>
    private async Task<(Job Job, TestTasks.Gate Gate)> StartSerialBlockerAsync()
    {
        var (name, gate) = fixture.Server.Gates.Create();
        var job = await _client.SubmitAsync("test.serial", $$"""{"gate": "{{name}}"}""");
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        return (job, gate);
    }
}
