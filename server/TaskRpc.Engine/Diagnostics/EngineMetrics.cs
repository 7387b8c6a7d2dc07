using System.Diagnostics.Metrics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>
/// The engine's metrics, on the meter <c>TaskRpc.Engine</c>: <c>taskrpc.jobs.submitted</c>
/// (by task), <c>taskrpc.jobs.completed</c> (by state) and <c>taskrpc.queue.depth</c> (by executor).
/// </summary>
internal sealed class EngineMetrics
{
    public const string MeterName = "TaskRpc.Engine";
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _completed;

    public EngineMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("taskrpc.jobs.submitted", "{job}", "Jobs accepted.");
        _completed = meter.CreateCounter<long>("taskrpc.jobs.completed", "{job}", "Jobs that ended, by final state.");
        Meter = meter;
    }

    public Meter Meter { get; }

    public void Submitted(string task) => _submitted.Add(1, new KeyValuePair<string, object?>("task", task));

    public void Completed(JobState state) => _completed.Add(1, new KeyValuePair<string, object?>("state", StateName(state)));

    private static string StateName(JobState state) => state switch
    {
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => "other",
    };
}
