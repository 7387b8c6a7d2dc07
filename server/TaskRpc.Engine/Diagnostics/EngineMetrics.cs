using System.Diagnostics;
using System.Diagnostics.Metrics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>
/// The engine's metrics, on the meter <c>TaskRpc.Engine</c>: <c>taskrpc.jobs.submitted</c>
/// (by task), <c>taskrpc.jobs.completed</c> (by state), <c>taskrpc.queue.depth</c> (by executor),
/// <c>taskrpc.workers.replaced</c> (process-pool workers, by reason: crashed, hung, not_ready,
/// cancel_timeout, recycled, protocol_error), <c>taskrpc.workers.alive</c>,
/// <c>taskrpc.jobs.running</c> (by task and executor), the histograms (seconds)
/// <c>taskrpc.job.queue_wait</c> and <c>taskrpc.job.run_time</c> (per attempt, by task and
/// executor), <c>taskrpc.job.duration</c> (submit to end, by task, executor and state) and
/// <c>taskrpc.store.write.duration</c> (by operation). Each records only while something listens.
/// </summary>
internal sealed class EngineMetrics
{
    public const string MeterName = "TaskRpc.Engine";
    public const string SubmittedName = "taskrpc.jobs.submitted";
    public const string CompletedName = "taskrpc.jobs.completed";
    public const string FailedStateName = "failed";

    /// <summary>Histogram buckets (seconds) from half a millisecond to five minutes.</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _workersReplaced;
    private readonly UpDownCounter<long> _running;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _runTime;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _storeWrite;

    public EngineMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>(SubmittedName, "{job}", "Jobs accepted.");
        _completed = meter.CreateCounter<long>(CompletedName, "{job}", "Jobs that ended, by final state.");
        _workersReplaced = meter.CreateCounter<long>("taskrpc.workers.replaced", "{worker}", "Process-pool workers replaced, by reason.");
        _running = meter.CreateUpDownCounter<long>("taskrpc.jobs.running", "{job}", "Attempts running now, by task and executor.");
        _queueWait = meter.CreateHistogram("taskrpc.job.queue_wait", "s", "From when an attempt was due (submitted, not-before, retry backoff over) to its start.", null, Seconds);
        _runTime = meter.CreateHistogram("taskrpc.job.run_time", "s", "From an attempt's start to its outcome being stored.", null, Seconds);
        _duration = meter.CreateHistogram("taskrpc.job.duration", "s", "From a job's submission to its end, by final state.", null, Seconds);
        _storeWrite = meter.CreateHistogram("taskrpc.store.write.duration", "s", "Job store writes, by operation.", null, Seconds);
        Meter = meter;
    }

    public Meter Meter { get; }

    public void Submitted(string task) => _submitted.Add(1, new KeyValuePair<string, object?>("task", task));

    /// <summary>A job ended (<paramref name="previous"/> → terminal <paramref name="next"/>); a job that ended while queued also gets its queued span.</summary>
    public void Completed(JobSnapshot previous, JobSnapshot next)
    {
        _completed.Add(1, new KeyValuePair<string, object?>("state", TelemetryNames.State(next.State)));
        if (_duration.Enabled)
        {
            var tags = JobTags(next);
            tags.Add("state", TelemetryNames.State(next.State));
            _duration.Record(Seconds0((next.FinishedAt ?? next.CreatedAt) - next.CreatedAt), tags);
        }

        if (previous.State == JobState.Queued)
        {
            JobTracing.EndedQueued(previous, next);
        }
    }

    /// <summary>An attempt of <paramref name="job"/> (now Running) started; it was due at <paramref name="due"/>.</summary>
    public void AttemptStarted(JobSnapshot job, DateTimeOffset due)
    {
        if (_queueWait.Enabled)
        {
            _queueWait.Record(Seconds0((job.StartedAt ?? due) - due), JobTags(job));
        }

        if (_running.Enabled)
        {
            _running.Add(1, JobTags(job));
        }
    }

    /// <summary>An attempt of <paramref name="job"/> ended after <paramref name="runTime"/>.</summary>
    public void AttemptEnded(JobSnapshot job, TimeSpan runTime)
    {
        if (_runTime.Enabled)
        {
            _runTime.Record(Seconds0(runTime), JobTags(job));
        }

        if (_running.Enabled)
        {
            _running.Add(-1, JobTags(job));
        }
    }

    /// <summary>Call before a store write: its start (0 when nobody listens).</summary>
    public long StoreWriteStarting() => _storeWrite.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>A store write (<paramref name="operation"/>: create, apply, renew_lease, delete_expired) that started at <paramref name="started"/> ended.</summary>
    public void StoreWritten(string operation, long started)
    {
        if (started != 0)
        {
            _storeWrite.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public void WorkerReplaced(string reason) => _workersReplaced.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Publishes <c>taskrpc.workers.alive</c>: the process pool's live workers, read when observed.</summary>
    public void ObserveWorkers(Func<int> alive) =>
        Meter.CreateObservableGauge("taskrpc.workers.alive", alive, "{worker}", "Process-pool workers alive (starting, ready or retiring).");

    private static TagList JobTags(JobSnapshot job) => new()
    {
        { "task", job.Task },
        { "executor", TelemetryNames.Executor(job.Executor) },
    };

    private static double Seconds0(TimeSpan span) => span > TimeSpan.Zero ? span.TotalSeconds : 0;
}
