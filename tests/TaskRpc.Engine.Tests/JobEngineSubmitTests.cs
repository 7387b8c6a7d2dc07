using System.Text.Json;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests;

public sealed class JobEngineSubmitTests
{
    [Fact]
    public async Task SubmitAsync_Echo_ReturnsQueuedThenSucceedsWithItsArgs()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var submitted = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo", """{"hello":"world"}"""));
        var done = await harness.AwaitAsync(submitted.Id);
        var got = await harness.Engine.GetAsync(submitted.Id);

        Assert.Equal(JobState.Queued, submitted.State);
        Assert.Matches("^j[0-9A-HJKMNP-TV-Z]{26}$", submitted.Id);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal("""{"hello":"world"}""", done.Result!.GetJsonText());
        Assert.Equal(1, done.Attempt);
        Assert.Equal(done, got);
        Assert.NotNull(done.ExpiresAt);
    }

    [Fact]
    public async Task SubmitAsync_TypedArgsCamelAndSnakeCase_BothDeserialize()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var camel = await harness.Engine.SubmitAsync(EngineHarness.Job("test.typed", """{"maxWidth":640,"imageFormat":"png"}"""));
        var snake = await harness.Engine.SubmitAsync(EngineHarness.Job("test.typed", """{"max_width":320,"image_format":"jpeg"}"""));

        var camelResult = JsonDocument.Parse((await harness.AwaitAsync(camel.Id)).Result!.GetJsonText()).RootElement;
        var snakeResult = JsonDocument.Parse((await harness.AwaitAsync(snake.Id)).Result!.GetJsonText()).RootElement;
        Assert.Equal(640, camelResult.GetProperty("width").GetInt32());
        Assert.Equal("jpeg", snakeResult.GetProperty("format").GetString());
    }

    [Theory]
    [InlineData("""{"maxWidth":640}""", "imageFormat")]
    [InlineData("""{"maxWidth":"wide","imageFormat":"png"}""", "maxWidth")]
    [InlineData("""{"maxWidth":1,"imageFormat":"png","colour":"red"}""", "colour")]
    [InlineData("[1,2]", "test.typed")]
    [InlineData("null", "requires args")]
    public async Task SubmitAsync_ArgsThatDoNotFit_ThrowsInvalidSubmissionSayingWhy(string json, string expectedInMessage)
    {
        await using var harness = await EngineHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidSubmissionException>(() => harness.Engine.SubmitAsync(EngineHarness.Job("test.typed", json)).AsTask());

        Assert.Equal(TaskRpcErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(expectedInMessage, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("TaskRpc.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Empty((await harness.Engine.ListAsync()).Jobs);
    }

    [Fact]
    public async Task SubmitAsync_BinaryArgsToJsonTask_ThrowsInvalidSubmission()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var submission = new JobSubmission { Task = "test.typed", Args = Payload.FromBinary([1, 2, 3]) };

        var error = await Assert.ThrowsAsync<InvalidSubmissionException>(() => harness.Engine.SubmitAsync(submission).AsTask());

        Assert.Contains("Binary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_MessagePayloadToRawTask_RoundTripsUnchanged()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var args = Payload.FromMessage("type.googleapis.com/demo.Point", [8, 1, 16, 2]);

        var job = await harness.Engine.SubmitAsync(new JobSubmission { Task = "demo.echo", Args = args });

        Assert.Equal(args, (await harness.AwaitAsync(job.Id)).Result);
    }

    [Fact]
    public async Task SubmitAsync_UnknownTask_ThrowsTaskNotFoundNamingIt()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<TaskNotFoundException>(() => harness.Engine.SubmitAsync(EngineHarness.Job("no.such.task")).AsTask());

        Assert.Equal(TaskRpcErrorKind.NotFound, error.Kind);
        Assert.Contains("no.such.task", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1001, null, null)]
    [InlineData(0, -1.0, null)]
    [InlineData(0, null, 101)]
    public async Task SubmitAsync_SettingsOutOfRange_ThrowsInvalidSubmission(int priority, double? delaySeconds, int? maxAttempts)
    {
        await using var harness = await EngineHarness.CreateAsync();
        var submission = EngineHarness.Job("demo.echo") with
        {
            Priority = priority,
            Delay = delaySeconds is { } d ? TimeSpan.FromSeconds(d) : null,
            Retry = maxAttempts is { } m ? new RetryPolicy { MaxAttempts = m } : null,
        };

        await Assert.ThrowsAsync<InvalidSubmissionException>(() => harness.Engine.SubmitAsync(submission).AsTask());
    }

    [Fact]
    public async Task GetAsync_UnknownJob_ThrowsJobNotFound()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => harness.Engine.GetAsync("jNOPE").AsTask());

        Assert.Equal("jNOPE", error.JobId);
        await Assert.ThrowsAsync<JobNotFoundException>(() => harness.Engine.AwaitAsync("jNOPE").AsTask());
        await Assert.ThrowsAsync<JobNotFoundException>(() => harness.Engine.CancelAsync("jNOPE").AsTask());
    }

    [Fact]
    public async Task SubmitAsync_SameIdempotencyKey_ReturnsTheFirstJob()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var submission = EngineHarness.Job("demo.echo", "1") with { IdempotencyKey = "order-42" };

        var first = await harness.Engine.SubmitAsync(submission);
        await harness.AwaitAsync(first.Id);
        var second = await harness.Engine.SubmitAsync(submission with { Args = Payload.FromJson("2") });

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(JobState.Succeeded, second.State);
        Assert.Single((await harness.Engine.ListAsync()).Jobs);
    }

    [Fact]
    public async Task SubmitAsync_HandlerThrows_FailsWithUnknownAndTheExceptionType()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.fail", """{"message":"boom"}"""));
        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(JobErrorCodes.Unknown, done.Error!.Code);
        Assert.Equal("boom", done.Error.Message);
        Assert.Equal("TaskRpc.Engine.Tasks.Demo.DemoTaskException", done.Error.Type);
        Assert.Null(done.Error.Details);
    }

    [Fact]
    public async Task SubmitAsync_HandlerThrowsWithDetailedErrors_IncludesTheStack()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.DetailedErrors = true);

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.fail", """{"message":"boom"}"""));

        Assert.Contains("FailTask", (await harness.AwaitAsync(job.Id)).Error!.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_QueueFull_ThrowsQueueFull()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.Async.QueueCapacity = 2, start: false);
        await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));
        await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));

        var error = await Assert.ThrowsAsync<QueueFullException>(() => harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo")).AsTask());

        Assert.Equal(TaskRpcErrorKind.ResourceExhausted, error.Kind);
        Assert.Equal(ExecutorKind.Async, error.Executor);
        Assert.True((await harness.Engine.SubmitAsync(EngineHarness.Job("demo.blocking_sleep", """{"seconds":0}"""))).State == JobState.Queued);
    }

    [Fact]
    public async Task SubmitAsync_AfterStop_ThrowsEngineUnavailable()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await harness.StopAsync();

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo")).AsTask());

        Assert.Equal(TaskRpcErrorKind.Unavailable, error.Kind);
    }

    [Fact]
    public async Task ListAsync_FilterAndPages_NewestFirst()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var labels = new Dictionary<string, string> { ["batch"] = "b1" };
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo") with { Labels = labels })).Id);
        }

        await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));
        var filter = new JobFilter { Labels = labels };
        var first = await harness.Engine.ListAsync(filter, 3);
        var second = await harness.Engine.ListAsync(filter, 3, first.NextPageToken);

        ids.Reverse();
        Assert.Equal(ids, first.Jobs.Concat(second.Jobs).Select(j => j.Id));
        Assert.Null(second.NextPageToken);
        await Assert.ThrowsAsync<InvalidSubmissionException>(() => harness.Engine.ListAsync(filter, 3, "garbage").AsTask());
    }
}
