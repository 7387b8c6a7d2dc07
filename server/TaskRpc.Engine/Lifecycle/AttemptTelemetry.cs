using System.Diagnostics;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// One attempt's metrics and spans, from its start (<see cref="Start"/>, after the Running
/// transition) to its end (<see cref="Dispose"/>): queue wait, running jobs, run time, and the
/// attempt span, back-dated to when the attempt was due (<see cref="JobTracing"/>). A struct:
/// nothing is allocated for it.
/// </summary>
internal readonly struct AttemptTelemetry : IDisposable
{
    private readonly EngineMetrics _metrics;
    private readonly JobSnapshot _job;
    private readonly Activity? _span;
    private readonly long _started;

    private AttemptTelemetry(EngineMetrics metrics, JobSnapshot job, Activity? span)
    {
        _metrics = metrics;
        _job = job;
        _span = span;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>The attempt of <paramref name="rt"/> has started (its job is Running): the attempt span becomes the current activity.</summary>
    public static AttemptTelemetry Start(EngineMetrics metrics, JobRuntime rt)
    {
        var job = rt.Current;
        var due = JobTracing.DueTime(job);
        metrics.AttemptStarted(job, due);
        return new AttemptTelemetry(metrics, job, JobTracing.StartAttempt(job, due));
    }

    /// <summary>The attempt's outcome is stored (<paramref name="after"/>); call before the job's run state is reset.</summary>
    public void Ended(JobRuntime rt, JobSnapshot after) => JobTracing.EndAttempt(_span, after, rt.CancelReason, rt.CancelMessage);

    public void Dispose()
    {
        if (_metrics is null)
        {
            return;
        }

        _metrics.AttemptEnded(_job, Stopwatch.GetElapsedTime(_started));
        _span?.Dispose();
    }
}
