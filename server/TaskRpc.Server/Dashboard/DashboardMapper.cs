using TaskRpc.Engine.Stats;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Jobs;
using TaskRpc.Server.Dashboard.Model;

namespace TaskRpc.Server.Dashboard;

/// <summary>Engine types to the dashboard's views; states and executors as upper-case names (QUEUED, PROCESSES).</summary>
internal static class DashboardMapper
{
    public static string Name(JobState state) => state.ToString().ToUpperInvariant();

    public static string Name(ExecutorKind executor) => executor.ToString().ToUpperInvariant();

    public static JobView ToView(JobSnapshot job) => new(
        job.Id,
        job.Task,
        Name(job.State),
        Name(job.Executor),
        job.Args.ToString(),
        job.Result?.ToString(),
        ToView(job.Error),
        ToView(job.Progress),
        job.Attempt,
        job.MaxAttempts,
        job.Priority,
        job.Labels,
        job.Tenant,
        job.CreatedAt,
        job.StartedAt,
        job.FinishedAt);

    public static EventView ToView(JobEvent jobEvent) => new(
        jobEvent.Sequence,
        jobEvent.Time,
        jobEvent.StateChange is { } change ? Name(change.State) : null,
        jobEvent.StateChange?.Attempt,
        ToView(jobEvent.StateChange?.Error),
        ToView(jobEvent.Progress));

    public static OverviewView ToView(EngineStatsSnapshot stats) => new(
        stats.Time,
        stats.Submitted,
        stats.Finished,
        stats.FailedLastHour,
        stats.Queued,
        stats.Running,
        [.. stats.Executors.Select(e => new QueueView(Name(e.Executor), Name(e.Executor), e.Capacity, e.Queued, e.Running))],
        [.. stats.Tasks.Select(t => new QueueView(t.Task, Name(t.Executor), 0, t.Queued, t.Running))]);

    public static WorkerView ToView(WorkerInfo worker) =>
        new(worker.Pid, worker.State.ToString().ToUpperInvariant(), worker.InFlight, worker.JobsRun, worker.ResidentBytes);

    private static ErrorView? ToView(JobError? error) =>
        error is null ? null : new ErrorView(error.Code, error.Message, error.Type, error.Details);

    private static ProgressView? ToView(JobProgress? progress) =>
        progress is null ? null : new ProgressView(progress.Fraction, progress.Message);
}
