using System.Diagnostics.Metrics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>
/// The engine's metrics, on the meter <c>TaskRpc.Engine</c>: <c>taskrpc.jobs.submitted</c>
/// (by task), <c>taskrpc.jobs.completed</c> (by state), <c>taskrpc.queue.depth</c> (by executor)
/// and <c>taskrpc.workers.replaced</c> (process-pool workers, by reason: crashed, hung,
/// not_ready, cancel_timeout, recycled, protocol_error).
/// </summary>
internal sealed class EngineMetrics
{
    public const string MeterName = "TaskRpc.Engine";
    public const string SubmittedName = "taskrpc.jobs.submitted";
    public const string CompletedName = "taskrpc.jobs.completed";
    public const string FailedStateName = "failed";
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _workersReplaced;

    public EngineMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>(SubmittedName, "{job}", "Jobs accepted.");
        _completed = meter.CreateCounter<long>(CompletedName, "{job}", "Jobs that ended, by final state.");
        _workersReplaced = meter.CreateCounter<long>("taskrpc.workers.replaced", "{worker}", "Process-pool workers replaced, by reason.");
        Meter = meter;
    }

    public Meter Meter { get; }

    public void Submitted(string task) => _submitted.Add(1, new KeyValuePair<string, object?>("task", task));

    public void Completed(JobState state) => _completed.Add(1, new KeyValuePair<string, object?>("state", StateName(state)));

    public void WorkerReplaced(string reason) => _workersReplaced.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private static string StateName(JobState state) => state switch
    {
        JobState.Succeeded => "succeeded",
        JobState.Failed => FailedStateName,
        JobState.Cancelled => "cancelled",
        _ => "other",
    };
}
