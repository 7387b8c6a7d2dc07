using System.Diagnostics;
using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Submit, Get and Await: the basic life of a job.</summary>
public sealed class SubmitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task Submit_WithoutWait_ReturnsQueuedJobWithIdAtOnce()
    {
        var clock = Stopwatch.StartNew();
        var job = await _client.SubmitAsync("demo.sleep", """{"seconds": 2}""");
        clock.Stop();
        try
        {
            Assert.Equal(JobState.Queued, job.State);
            Assert.False(string.IsNullOrEmpty(job.Id));
            Assert.Equal("demo.sleep", job.Task);
            Assert.Equal(0, job.Attempt);
            Assert.NotNull(job.CreateTime);
            Assert.Equal(1UL, job.LastSequence);
            // A 2 s job still QUEUED proves the call did not wait for it; the bound only catches a hang.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Submit took {clock.Elapsed}.");
        }
        finally
        {
            await _client.CancelAsync(job.Id);
        }
    }

    [Fact]
    public async Task Submit_WithWait_ReturnsSucceededWithEchoedJson()
    {
        var job = await _client.RunAsync("demo.echo", """{"hello": "world", "n": [1, 2.5, true, null]}""");

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(1, job.Attempt);
        Assert.Equal(JsonPayload.From("""{"hello": "world", "n": [1, 2.5, true, null]}"""), job.Result);
        Assert.NotNull(job.StartTime);
        Assert.NotNull(job.FinishTime);
    }

    [Fact]
    public async Task Submit_WaitTimeoutOnLongJob_ReturnsUnfinishedJob()
    {
        var job = await _client.RunAsync("demo.sleep", """{"seconds": 30}""", r => r.WaitTimeout = Durations.Ms(200));
        await _client.CancelAsync(job.Id);

        Assert.Contains(job.State, new[] { JobState.Queued, JobState.Running });
    }

    [Fact]
    public async Task Get_SubmittedJob_ReturnsItsCurrentState()
    {
        var done = await _client.RunAsync("demo.echo", """{"x": 1}""", r => r.Priority = 7);

        var job = await _client.GetAsync(done.Id);

        Assert.Equal(done, job);
        Assert.Equal(7, job.Priority);
        Assert.Equal(JsonPayload.From("""{"x": 1}"""), job.Args);
    }

    [Fact]
    public async Task Await_ShortJob_ReturnsTerminalJob()
    {
        var submitted = await _client.SubmitAsync("demo.sleep", """{"seconds": 0.1}""");

        var job = await _client.AwaitAsync(submitted.Id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(0.1, JsonPayload.ResultOf(job).GetProperty("slept").GetDouble());
    }

    [Fact]
    public async Task Await_ShortTimeoutOnLongJob_ReturnsJobStillRunning()
    {
        var submitted = await _client.SubmitAsync("demo.sleep", """{"seconds": 30}""");
        try
        {
            await _client.WaitForStateAsync(submitted.Id, JobState.Running);
            var clock = Stopwatch.StartNew();

            var job = await _client.AwaitAsync(submitted.Id, TimeSpan.FromMilliseconds(200));

            Assert.Equal(JobState.Running, job.State);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"Await returned after {clock.Elapsed}, before its timeout.");
        }
        finally
        {
            await _client.CancelAsync(submitted.Id);
        }
    }

    [Fact]
    public async Task Submit_WithWaitPastCallDeadline_DeadlineExceededAndJobKeepsRunning()
    {
        var labels = new Dictionary<string, string> { ["run"] = Guid.NewGuid().ToString("N") };
        var request = new SubmitRequest { Task = "demo.sleep", Args = JsonPayload.From("""{"seconds": 30}"""), Wait = true, Labels = { labels } };

        await RpcAssert.FailsAsync(
            StatusCode.DeadlineExceeded,
            () => _client.Service.SubmitAsync(request, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300))).ResponseAsync);
        var job = Assert.Single((await _client.ListAsync(new ListJobsRequest { Labels = { labels } })).Jobs);
        await _client.CancelAsync(job.Id);

        Assert.Contains(job.State, new[] { JobState.Queued, JobState.Running });
    }

    [Fact]
    public async Task Get_RunningJobAfterProgress_ShowsLatestProgress()
    {
        var submitted = await _client.SubmitAsync("demo.sleep", """{"seconds": 30, "steps": 300}""");
        try
        {
            await _client.WaitForEventAsync(submitted.Id, e => e.EventCase == JobEvent.EventOneofCase.Progress, "progress");

            var job = await _client.GetAsync(submitted.Id);

            Assert.Equal(JobState.Running, job.State);
            Assert.True(job.Progress.Fraction > 0, $"Progress {job.Progress}.");
            Assert.StartsWith("step ", job.Progress.Message, StringComparison.Ordinal);
        }
        finally
        {
            await _client.CancelAsync(submitted.Id);
        }
    }

    [Fact]
    public async Task Submit_SameIdempotencyKey_ReturnsFirstJob()
    {
        var key = "key-" + Guid.NewGuid().ToString("N");
        var first = await _client.SubmitAsync("demo.echo", """{"n": 1}""", r => r.IdempotencyKey = key);

        var second = await _client.SubmitAsync("demo.echo", """{"n": 2}""", r => r.IdempotencyKey = key);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(key, second.IdempotencyKey);
        Assert.Equal(JsonPayload.From("""{"n": 1}"""), second.Args);
    }

    [Fact]
    public async Task Submit_Labels_RoundTripThroughSubmitGetAndList()
    {
        var run = Guid.NewGuid().ToString("N");
        var labels = new Dictionary<string, string> { ["run"] = run, ["team"] = "data eng", ["empty"] = string.Empty };

        var submitted = await _client.RunAsync("demo.echo", "{}", r => r.Labels.Add(labels));
        var fetched = await _client.GetAsync(submitted.Id);
        var listed = await _client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run } });

        Assert.Equal(labels, submitted.Labels);
        Assert.Equal(labels, fetched.Labels);
        Assert.Equal(labels, Assert.Single(listed.Jobs).Labels);
    }
}
