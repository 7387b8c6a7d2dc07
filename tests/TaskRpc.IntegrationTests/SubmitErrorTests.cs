using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Submissions the server refuses, each with its status and a message saying why; and failing handlers.</summary>
public sealed class SubmitErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public Task Submit_UnknownTask_NotFoundNamingTheTask() =>
        RpcAssert.FailsAsync(StatusCode.NotFound, () => _client.SubmitAsync("demo.nope", "{}"), "demo.nope");

    [Fact]
    public Task Submit_NoTask_InvalidArgument() =>
        RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.SubmitAsync(string.Empty, "{}"), "task is required");

    [Theory]
    [InlineData("""{"secs": 1}""", "secs")]
    [InlineData("""{"seconds": "soon"}""", "seconds")]
    [InlineData("[1, 2]", "demo.sleep")]
    public Task Submit_BadArgs_InvalidArgumentSayingWhy(string args, string why) =>
        RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.SubmitAsync("demo.sleep", args), "Invalid args for task 'demo.sleep'", why);

    [Fact]
    public Task Submit_BinaryArgsToJsonTask_InvalidArgument() => RpcAssert.FailsAsync(
        StatusCode.InvalidArgument,
        () => _client.SubmitAsync(new SubmitRequest { Task = "demo.sleep", Args = new Payload { Binary = ByteString.CopyFromUtf8("x") } }),
        "takes JSON args");

    [Fact]
    public Task Submit_ArgsOutOfRange_InvalidArgumentFromTheTasksValidator() => RpcAssert.FailsAsync(
        StatusCode.InvalidArgument,
        () => _client.SubmitAsync("demo.sleep", """{"seconds": -1}"""),
        "seconds must be");

    [Fact]
    public Task Submit_BothNotBeforeAndDelay_InvalidArgument() => RpcAssert.FailsAsync(
        StatusCode.InvalidArgument,
        () => _client.SubmitAsync("demo.echo", "{}", r =>
        {
            r.Delay = Durations.Ms(100);
            r.NotBefore = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(1));
        }),
        "not_before",
        "delay");

    [Theory]
    [InlineData("delay")]
    [InlineData("execution_timeout")]
    [InlineData("schedule_to_start_timeout")]
    [InlineData("wait_timeout")]
    [InlineData("retry.initial_backoff")]
    [InlineData("retry.max_backoff")]
    public Task Submit_NegativeDuration_InvalidArgumentNamingTheField(string field) => RpcAssert.FailsAsync(
        StatusCode.InvalidArgument,
        () => _client.SubmitAsync("demo.echo", "{}", r => SetDuration(r, field, Durations.Ms(-500))),
        field,
        "negative");

    [Theory]
    [InlineData("execution_timeout")]
    [InlineData("schedule_to_start_timeout")]
    public Task Submit_ZeroTimeout_InvalidArgument(string field) => RpcAssert.FailsAsync(
        StatusCode.InvalidArgument,
        () => _client.SubmitAsync("demo.echo", "{}", r => SetDuration(r, field, new Duration())),
        field,
        "positive");

    [Theory]
    [InlineData(1001)]
    [InlineData(-1001)]
    public Task Submit_PriorityOutOfRange_InvalidArgument(int priority) =>
        RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.SubmitAsync("demo.echo", "{}", r => r.Priority = priority), "priority");

    [Fact]
    public Task Submit_TooManyAttempts_InvalidArgument() => RpcAssert.FailsAsync(
        StatusCode.InvalidArgument,
        () => _client.SubmitAsync("demo.echo", "{}", r => r.Retry = new RetryPolicy { MaxAttempts = 101 }),
        "retry.max_attempts");

    [Fact]
    public async Task Submit_HandlerThrows_JobFailedWithTypeAndMessage()
    {
        var job = await _client.RunAsync("demo.fail", """{"message": "boom at step 3"}""");

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("UNKNOWN", job.Error.Code);
        Assert.Equal("boom at step 3", job.Error.Message);
        Assert.Contains("DemoTaskException", job.Error.Type, StringComparison.Ordinal);
        Assert.Null(job.Result);
        Assert.Equal(1, job.Attempt);
    }

    private static void SetDuration(SubmitRequest request, string field, Duration value)
    {
        switch (field)
        {
            case "delay": request.Delay = value; break;
            case "execution_timeout": request.ExecutionTimeout = value; break;
            case "schedule_to_start_timeout": request.ScheduleToStartTimeout = value; break;
            case "wait_timeout": request.Wait = true; request.WaitTimeout = value; break;
            case "retry.initial_backoff": request.Retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = value }; break;
            case "retry.max_backoff": request.Retry = new RetryPolicy { MaxAttempts = 2, MaxBackoff = value }; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not a duration field of SubmitRequest.");
        }
    }
}
