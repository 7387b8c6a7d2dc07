using System.Diagnostics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>
/// The engine's spans, on the ActivitySource <c>TaskRpc.Engine</c>. The submit is recorded on the
/// server's request span when one serves it (a recorded <see cref="ActivityKind.Server"/> span
/// that the submission names as its context), else on a <c>taskrpc.submit</c> span. Under that
/// span (or, when it was not recorded, under the caller's context stored with the job,
/// <see cref="JobSnapshot.TraceContext"/>, so any node continues the trace) each attempt has a
/// <c>taskrpc.attempt</c> span from when it was due (the time waiting, <c>taskrpc.queue_wait</c>)
/// through a <c>taskrpc.started</c> event and the in-process handler's run (the handler's own spans
/// are its children) to its outcome stored; retries and cancels are its events, failures its error
/// status. A process-pool worker's <c>taskrpc.handler</c> span is the attempt's child (the run
/// message carries its context). A job that ends while queued gets a <c>taskrpc.queued</c> span
/// instead. Nothing is built while the source has no listener.
/// </summary>
internal static class JobTracing
{
    public const string SourceName = "TaskRpc.Engine";
    public const string SubmitSpan = "taskrpc.submit";
    public const string QueuedSpan = "taskrpc.queued";
    public const string AttemptSpan = "taskrpc.attempt";
    public const string HandlerSpan = "taskrpc.handler";
    public const string RetryEvent = "taskrpc.retry";
    public const string CancelEvent = "taskrpc.cancel";
    public const string StartedEvent = "taskrpc.started";
    public const string JobIdTag = "taskrpc.job.id";
    public const string TaskTag = "taskrpc.task";
    public const string ExecutorTag = "taskrpc.executor";
    public const string AttemptTag = "taskrpc.attempt";
    public const string StateTag = "taskrpc.job.state";
    public const string QueueWaitTag = "taskrpc.queue_wait";
    public const string WorkerPidTag = "taskrpc.worker.pid";

    public static readonly ActivitySource Source = new(SourceName, typeof(JobTracing).Assembly.GetName().Version?.ToString());

    /// <summary>The first attempt numbers, boxed once: a span's attempt tag allocates nothing.</summary>
    private static readonly object[] AttemptNumbers = [.. Enumerable.Range(0, 16).Select(static n => (object)n)];

    /// <summary>This process's id, boxed once (a worker's handler spans carry it).</summary>
    private static readonly object WorkerPid = Environment.ProcessId;

    /// <summary>
    /// Submits through <paramref name="submit"/> (on <paramref name="scheduler"/>), recorded on the
    /// server's request span when the submit is served by one (<see cref="ServingSpan"/>), else
    /// inside a <c>taskrpc.submit</c> span whose context the job stores when it is recorded.
    /// </summary>
    public static async ValueTask<JobSnapshot> SubmitAsync<TScheduler>(
        TScheduler scheduler, Func<TScheduler, JobSubmission, CancellationToken, ValueTask<JobSnapshot>> submit, JobSubmission submission, CancellationToken cancellationToken)
    {
        var serving = ServingSpan(submission.TraceContext);
        using var own = serving is null ? Source.StartActivity(SubmitSpan, ActivityKind.Producer, ParentOf(submission.TraceContext)) : null;
        var span = serving ?? own;
        if (own is { Recorded: true })
        {
            submission = submission with { TraceContext = TraceContextText.Of(own) };
        }

        try
        {
            var job = await submit(scheduler, submission, cancellationToken).ConfigureAwait(false);
            if (span is { IsAllDataRequested: true })
            {
                span.SetTag(TaskTag, job.Task).SetTag(JobIdTag, job.Id).SetTag(ExecutorTag, TelemetryNames.Executor(job.Executor));
            }

            return job;
        }
        catch (Exception error)
        {
            if (span is { IsAllDataRequested: true })
            {
                span.SetTag(TaskTag, submission.Task);
            }

            Failed(span, error);
            throw;
        }
    }

    /// <summary>
    /// At an attempt's start (<paramref name="job"/> is Running): starts its <c>taskrpc.attempt</c>
    /// span, back-dated to <paramref name="due"/> (the time waiting), with the <c>taskrpc.queue_wait</c>
    /// attribute and a <c>taskrpc.started</c> event; it is the current activity, so an in-process
    /// handler's spans (and a process-pool worker's handler span) are its children.
    /// </summary>
    public static Activity? StartAttempt(JobSnapshot job, DateTimeOffset due)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var started = job.StartedAt ?? DateTimeOffset.UtcNow;
        var from = due <= started ? due : started;
        var span = Source.StartActivity(AttemptSpan, ActivityKind.Consumer, ParentOf(job.TraceContext), startTime: from);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(JobIdTag, job.Id).SetTag(AttemptTag, Boxed(job.Attempt)).SetTag(QueueWaitTag, (started - from).TotalSeconds);
            span.AddEvent(new ActivityEvent(StartedEvent, started));
        }

        return span;
    }

    /// <summary>Sets the attempt span's outcome: its events (retry, cancel) and, when it failed, error status and <c>error.type</c> (the exception type when the handler threw).</summary>
    public static void EndAttempt(Activity? span, JobSnapshot after, CancelReason cancel, string? cancelMessage)
    {
        if (span is null || !span.IsAllDataRequested)
        {
            return;
        }

        if (cancel != CancelReason.None)
        {
            span.AddEvent(new ActivityEvent(CancelEvent, tags: new ActivityTagsCollection
            {
                ["taskrpc.cancel.reason"] = CancelReasonName(cancel),
                ["taskrpc.cancel.message"] = cancelMessage,
            }));
        }

        span.SetTag(StateTag, TelemetryNames.State(after.State));
        if (after.State == JobState.Queued && after.Error is { } retried && cancel != CancelReason.Shutdown)
        {
            span.AddEvent(new ActivityEvent(RetryEvent, tags: new ActivityTagsCollection
            {
                [AttemptTag] = after.Attempt + 1,
                ["taskrpc.retry.not_before"] = after.NotBefore?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["error.type"] = ErrorType(retried),
            }));
            span.SetTag("error.type", ErrorType(retried)).SetStatus(ActivityStatusCode.Error, retried.Message);
        }
        else if (after.State == JobState.Failed && after.Error is { } failed)
        {
            span.SetTag("error.type", ErrorType(failed)).SetStatus(ActivityStatusCode.Error, failed.Message);
        }
    }

    /// <summary>In a process-pool worker: the handler's span, a child of the server's attempt span; none when the run carries no context.</summary>
    public static Activity? StartWorkerHandler(ITracedRun run)
    {
        if (run.TraceParent.Length == 0 || !Source.HasListeners()
            || !ActivityContext.TryParse(run.TraceParent, run.TraceState.Length == 0 ? null : run.TraceState, isRemote: true, out var parent))
        {
            return null;
        }

        var span = Source.StartActivity(HandlerSpan, ActivityKind.Internal, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(JobIdTag, run.JobId).SetTag(WorkerPidTag, WorkerPid);
        }

        return span;
    }

    /// <summary>The current activity's context for a worker's run message (nothing when there is none).</summary>
    public static void Propagate(ITracedRun run)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            run.TraceParent = current.Id!;
            run.TraceState = current.TraceStateString ?? string.Empty;
        }
    }

    /// <summary>Ends <paramref name="span"/>, with error status when <paramref name="error"/> is set.</summary>
    public static void End(Activity? span, Exception? error)
    {
        if (span is null)
        {
            return;
        }

        if (error is not null)
        {
            Failed(span, error);
        }

        span.Dispose();
    }

    /// <summary>A job that ended while queued (cancelled, or past its schedule-to-start timeout): its queued span, with the cancel event or error status.</summary>
    public static void EndedQueued(JobSnapshot previous, JobSnapshot next)
    {
        if (!Source.HasListeners())
        {
            return;
        }

        var current = Activity.Current;
        var due = DueTime(previous);
        var end = next.FinishedAt ?? DateTimeOffset.UtcNow;
        var span = Source.StartActivity(QueuedSpan, ActivityKind.Internal, ParentOf(next.TraceContext), startTime: due <= end ? due : end);
        if (span is null)
        {
            return;
        }

        if (span.IsAllDataRequested)
        {
            span.SetTag(JobIdTag, next.Id).SetTag(AttemptTag, Boxed(next.Attempt + 1));
            if (next.State == JobState.Cancelled)
            {
                span.AddEvent(new ActivityEvent(CancelEvent, end, new ActivityTagsCollection { ["taskrpc.cancel.message"] = next.Error?.Message }));
            }
            else if (next.Error is { } error)
            {
                span.SetTag("error.type", error.Code).SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }

        span.SetEndTime(end.UtcDateTime);
        span.Stop();
        Activity.Current = current;
    }

    /// <summary>When a queued job's next attempt was due: its creation, its not-before time, or its retry's backoff end.</summary>
    public static DateTimeOffset DueTime(JobSnapshot job) =>
        job.NotBefore is { } notBefore && notBefore > job.CreatedAt ? notBefore : job.CreatedAt;

    private static object Boxed(int attempt) => (uint)attempt < (uint)AttemptNumbers.Length ? AttemptNumbers[attempt] : attempt;

    /// <summary>The exception type's full name when a handler threw, else the error code.</summary>
    private static string ErrorType(JobError error) => error.Type ?? error.Code;

    private static void Failed(Activity? span, Exception error)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("error.type", error.GetType().FullName).SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }

    /// <summary>
    /// The span serving this submit, to record it on: the current activity when it is a recorded
    /// server span (a request) that <paramref name="traceContext"/> names; else null.
    /// </summary>
    private static Activity? ServingSpan(string? traceContext) =>
        traceContext is not null && Activity.Current is { Kind: ActivityKind.Server, Recorded: true, Id: { } id } current
            && traceContext.StartsWith(id, StringComparison.Ordinal)
            ? current
            : null;

    /// <summary>The parent for a job's spans: the current activity when it is the one the context names, else the stored context.</summary>
    private static ActivityContext ParentOf(string? traceContext)
    {
        if (traceContext is null || (Activity.Current?.Id is { } current && traceContext.StartsWith(current, StringComparison.Ordinal)))
        {
            return default;
        }

        return TraceContextText.TryParse(traceContext, out var parent) ? parent : default;
    }

    private static string CancelReasonName(CancelReason reason) => reason switch
    {
        CancelReason.User => "user",
        CancelReason.Timeout => "timeout",
        CancelReason.Shutdown => "shutdown",
        _ => "none",
    };
}
