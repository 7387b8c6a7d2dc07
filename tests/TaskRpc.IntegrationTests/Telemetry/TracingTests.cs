using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>
/// A job's spans seen by an ActivityListener in this process, under a client span whose context
/// the gRPC client sends as <c>traceparent</c>: one trace from the client through the server's
/// request (the submit recorded on it) and each attempt (its time waiting, then the handler's run).
/// </summary>
public sealed class TracingTests : IAsyncLifetime, IDisposable
{
    private readonly SpanRecorder _spans = new();
    private TaskRpcTestServer _server = null!;

    public async Task InitializeAsync() => _server = await TaskRpcTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task SubmitWithWait_AsyncJob_OneTraceFromClientSpanToAttempt()
    {
        var (traceId, clientSpanId, job) = await RunUnderClientSpanAsync(() => _server.Client.RunAsync("demo.echo", """{"x": 1}"""));

        Assert.Equal(JobState.Succeeded, job.State);
        var trace = await _spans.WaitForTraceAsync(traceId, t => TraceShape.Has(t, "taskrpc.attempt") && TraceShape.HasServerSpan(t), "the attempt and request spans");
        var submit = TraceShape.AssertJobTrace(trace, clientSpanId, job.Id, attempts: 1);
        Assert.Equal("demo.echo", submit.Tag("taskrpc.task"));
        Assert.Equal("async", submit.Tag("taskrpc.executor"));
        var attempt = TraceShape.Single(trace, "taskrpc.attempt", job.Id);
        Assert.Equal("succeeded", attempt.Tag("taskrpc.job.state"));
        Assert.False(attempt.IsError);
    }

    [Fact]
    public async Task RetriedJob_FirstAttemptHasRetryEventAndErrorStatus()
    {
        var retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = Durations.Ms(20), MaxBackoff = Durations.Ms(20), Jitter = 0 };
        var (traceId, clientSpanId, job) = await RunUnderClientSpanAsync(() => _server.Client.RunAsync("test.flaky", """{"succeed_on_attempt": 2}""", r => r.Retry = retry));

        Assert.Equal(JobState.Succeeded, job.State);
        var trace = await _spans.WaitForTraceAsync(traceId, t => TraceShape.Has(t, "taskrpc.attempt", 2) && TraceShape.HasServerSpan(t), "two attempt spans");
        TraceShape.AssertJobTrace(trace, clientSpanId, job.Id, attempts: 2);
        var attempts = trace.Where(s => s.Name == "taskrpc.attempt").OrderBy(s => Convert.ToInt64(s.Tag("taskrpc.attempt"))).ToList();
        Assert.True(attempts[0].IsError);
        var retried = Assert.Single(attempts[0].Events, e => e.Name == "taskrpc.retry");
        Assert.Equal(2L, Convert.ToInt64(retried.Tags["taskrpc.attempt"]));
        Assert.False(attempts[1].IsError);
        Assert.DoesNotContain(attempts[1].Events, e => e.Name != "taskrpc.started");
        Assert.Equal("System.InvalidOperationException", attempts[0].Tag("error.type"));
    }

    [Fact]
    public async Task FailedJob_AttemptHasErrorStatus()
    {
        var (traceId, _, job) = await RunUnderClientSpanAsync(() => _server.Client.RunAsync("demo.fail", """{"message": "boom"}"""));

        Assert.Equal(JobState.Failed, job.State);
        var trace = await _spans.WaitForTraceAsync(traceId, t => TraceShape.Has(t, "taskrpc.attempt"), "the attempt span");
        var attempt = TraceShape.Single(trace, "taskrpc.attempt", job.Id);
        Assert.True(attempt.IsError);
        Assert.Equal("failed", attempt.Tag("taskrpc.job.state"));
    }

    [Fact]
    public async Task CancelRunningJob_AttemptHasCancelEvent()
    {
        var (traceId, _, job) = await RunUnderClientSpanAsync(() => _server.Client.SubmitAsync("demo.sleep", """{"seconds": 60}"""));
        await _server.Client.WaitForStateAsync(job.Id, JobState.Running);

        await _server.Client.CancelAsync(job.Id, "enough");

        var trace = await _spans.WaitForTraceAsync(traceId, t => TraceShape.Has(t, "taskrpc.attempt"), "the attempt span");
        var attempt = TraceShape.Single(trace, "taskrpc.attempt", job.Id);
        var cancel = Assert.Single(attempt.Events, e => e.Name == "taskrpc.cancel");
        Assert.Equal("user", cancel.Tags["taskrpc.cancel.reason"]);
        Assert.Equal("enough", cancel.Tags["taskrpc.cancel.message"]);
        Assert.Equal("cancelled", attempt.Tag("taskrpc.job.state"));
    }

    [Fact]
    public async Task CancelQueuedJob_QueuedSpanHasCancelEvent()
    {
        var (traceId, _, job) = await RunUnderClientSpanAsync(() => _server.Client.SubmitAsync("demo.echo", "{}", r => r.Delay = Durations.Seconds(3600)));

        await _server.Client.CancelAsync(job.Id);

        var trace = await _spans.WaitForTraceAsync(traceId, t => TraceShape.Has(t, "taskrpc.queued") && TraceShape.HasServerSpan(t), "the queued and request spans");
        var queued = TraceShape.Single(trace, "taskrpc.queued", job.Id);
        Assert.Single(queued.Events, e => e.Name == "taskrpc.cancel");
        Assert.Equal(TraceShape.SubmitSpan(trace, job.Id).SpanId, queued.ParentSpanId);
        Assert.DoesNotContain(trace, s => s.Name == "taskrpc.attempt");
    }

    /// <summary>Calls <paramref name="call"/> under a new client span; returns its trace and span ids and the job.</summary>
    private static async Task<(string TraceId, string ClientSpanId, Job Job)> RunUnderClientSpanAsync(Func<Task<Job>> call)
    {
        using var client = SpanRecorder.StartClientSpan("test.submit");
        var job = await call();
        return (client.TraceId.ToHexString(), client.SpanId.ToHexString(), job);
    }
}
