using TaskRpc.Engine.Executors.Processes;

namespace TaskRpc.Engine.Stats;

/// <summary>
/// The engine's load at a moment, as one caller may see it. The counters are cumulative since the
/// engine started (a rate is the difference of two snapshots over their <see cref="Time"/>s); they,
/// <see cref="FailedLastHour"/> and <see cref="Workers"/> are server-wide, so they are null (empty)
/// in a snapshot scoped to a tenant, whose queues and running jobs are its own.
/// </summary>
/// <param name="Time">When it was taken.</param>
/// <param name="Submitted">Jobs accepted since start; null when scoped.</param>
/// <param name="Finished">Jobs that ended (any final state) since start; null when scoped.</param>
/// <param name="Failed">Jobs that ended Failed since start; null when scoped.</param>
/// <param name="FailedLastHour">Jobs that ended Failed in the last hour (since start, at most an hour back); null when scoped.</param>
/// <param name="Executors">Each executor's capacity, queued and running jobs.</param>
/// <param name="Tasks">Each registered task's queued and running jobs.</param>
/// <param name="Workers">The process pool's live workers; empty when scoped or when it has none.</param>
internal sealed record EngineStatsSnapshot(
    DateTimeOffset Time,
    long? Submitted,
    long? Finished,
    long? Failed,
    long? FailedLastHour,
    IReadOnlyList<ExecutorStats> Executors,
    IReadOnlyList<TaskStats> Tasks,
    IReadOnlyList<WorkerInfo> Workers)
{
    /// <summary>Jobs queued, over every executor.</summary>
    public int Queued => Executors.Sum(e => e.Queued);

    /// <summary>Jobs running, over every executor.</summary>
    public int Running => Executors.Sum(e => e.Running);
}
