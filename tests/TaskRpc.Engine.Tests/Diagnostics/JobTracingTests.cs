using System.Diagnostics;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Diagnostics;

/// <summary>
/// The engine's spans when it is used in process, under the caller's own span: a submit span
/// unless the submit is served by a server span, then the attempt (back-dated to when it was due),
/// the parent of the handler's own spans.
/// </summary>
public sealed class JobTracingTests : IDisposable
{
    private readonly ActivityRecorder _spans = new();

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task SubmitAsync_UnderCallerSpan_SubmitSpanParentsAttemptWhichParentsHandlersSpans()
    {
        await using var harness = await EngineHarness.CreateAsync();
        using var caller = ActivityRecorder.Caller.StartActivity("caller.work")!;

        var submitted = await harness.Engine.SubmitAsync(EngineHarness.Job("test.span", """{"name":"handler.work"}"""));
        var done = await harness.AwaitAsync(submitted.Id);

        var trace = await _spans.WaitForTraceAsync(caller.TraceId, t => t.Any(a => a.OperationName == JobTracing.AttemptSpan));
        var submit = Assert.Single(trace, a => a.OperationName == JobTracing.SubmitSpan);
        Assert.Equal(caller.SpanId, submit.ParentSpanId);
        Assert.Equal(done.Id, submit.GetTagItem(JobTracing.JobIdTag));
        Assert.Equal("test.span", submit.GetTagItem(JobTracing.TaskTag));
        Assert.Equal(submit.Id, done.TraceContext);
        var attempt = Assert.Single(trace, a => a.OperationName == JobTracing.AttemptSpan);
        Assert.Equal(submit.SpanId, attempt.ParentSpanId);
        AssertBackDated(attempt, done, done.CreatedAt);
        Assert.Equal(attempt.SpanId, Assert.Single(trace, a => a.OperationName == "handler.work").ParentSpanId);
        Assert.DoesNotContain(trace, a => a.OperationName is JobTracing.QueuedSpan or JobTracing.HandlerSpan);
    }

    [Fact]
    public async Task SubmitAsync_DelayedJob_AttemptSpanStartsAtItsNotBeforeTime()
    {
        await using var harness = await EngineHarness.CreateAsync();
        using var caller = ActivityRecorder.Caller.StartActivity("caller.work")!;

        var submitted = await harness.Engine.SubmitAsync(EngineHarness.Job("test.record", """{"name":"a"}""") with { Delay = TimeSpan.FromMilliseconds(50) });
        var done = await harness.AwaitAsync(submitted.Id);

        var trace = await _spans.WaitForTraceAsync(caller.TraceId, t => t.Any(a => a.OperationName == JobTracing.AttemptSpan));
        Assert.NotNull(done.NotBefore);
        AssertBackDated(Assert.Single(trace, a => a.OperationName == JobTracing.AttemptSpan), done, done.NotBefore.Value);
    }

    [Fact]
    public async Task SubmitAsync_ServedByServerSpanTheSubmissionNames_RecordedOnThatSpan()
    {
        await using var harness = await EngineHarness.CreateAsync();
        using var request = ActivityRecorder.Caller.StartActivity("request", ActivityKind.Server)!;

        var submitted = await harness.Engine.SubmitAsync(EngineHarness.Job("test.record", """{"name":"a"}""") with { TraceContext = request.Id });
        await harness.AwaitAsync(submitted.Id);

        var trace = await _spans.WaitForTraceAsync(request.TraceId, t => t.Any(a => a.OperationName == JobTracing.AttemptSpan));
        Assert.DoesNotContain(trace, a => a.OperationName == JobTracing.SubmitSpan);
        Assert.Equal(submitted.Id, request.GetTagItem(JobTracing.JobIdTag));
        Assert.Equal("test.record", request.GetTagItem(JobTracing.TaskTag));
        Assert.Equal("async", request.GetTagItem(JobTracing.ExecutorTag));
        Assert.Equal(request.SpanId, Assert.Single(trace, a => a.OperationName == JobTracing.AttemptSpan).ParentSpanId);
    }

    [Fact]
    public async Task SubmitAsync_InternalSpanTheSubmissionNames_StillGetsASubmitSpan()
    {
        await using var harness = await EngineHarness.CreateAsync();
        using var caller = ActivityRecorder.Caller.StartActivity("caller.work")!;

        var submitted = await harness.Engine.SubmitAsync(EngineHarness.Job("test.record", """{"name":"a"}""") with { TraceContext = caller.Id });
        await harness.AwaitAsync(submitted.Id);

        var trace = await _spans.WaitForTraceAsync(caller.TraceId, t => t.Any(a => a.OperationName == JobTracing.AttemptSpan));
        var submit = Assert.Single(trace, a => a.OperationName == JobTracing.SubmitSpan);
        Assert.Equal(caller.SpanId, submit.ParentSpanId);
        Assert.Null(caller.GetTagItem(JobTracing.JobIdTag));
    }

    /// <summary>The attempt span starts when the attempt was due, has the queue wait, and a started event at the job's start.</summary>
    private static void AssertBackDated(Activity attempt, JobSnapshot done, DateTimeOffset due)
    {
        Assert.Equal(due.UtcDateTime, attempt.StartTimeUtc);
        var started = Assert.Single(attempt.Events, e => e.Name == JobTracing.StartedEvent);
        Assert.Equal(done.StartedAt, started.Timestamp);
        Assert.Equal((done.StartedAt!.Value - due).TotalSeconds, (double)attempt.GetTagItem(JobTracing.QueueWaitTag)!);
        Assert.Equal(done.Id, attempt.GetTagItem(JobTracing.JobIdTag));
        Assert.Equal(1, attempt.GetTagItem(JobTracing.AttemptTag));
    }
}
