using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using EngineStatsSnapshot = TaskRpc.Engine.Stats.EngineStatsSnapshot;

namespace TaskRpc.Server.Mapping;

/// <summary>The engine's <see cref="EngineStatsSnapshot"/> as taskrpc.v1 GetStatsResponse.</summary>
internal static class StatsMapper
{
    public static GetStatsResponse ToProto(EngineStatsSnapshot stats)
    {
        var response = new GetStatsResponse { Time = Timestamp.FromDateTimeOffset(stats.Time) };
        if (stats.Submitted is { } submitted)
        {
            response.JobsSubmitted = submitted;
        }

        if (stats.Finished is { } finished)
        {
            response.JobsFinished = finished;
        }

        if (stats.Failed is { } failed)
        {
            response.JobsFailed = failed;
        }

        if (stats.FailedLastHour is { } lastHour)
        {
            response.JobsFailedLastHour = lastHour;
        }

        response.Executors.Add(stats.Executors.Select(e => new ExecutorStats { Executor = (Executor)e.Executor, Capacity = e.Capacity, Queued = e.Queued, Running = e.Running }));
        response.Tasks.Add(stats.Tasks.Select(t => new TaskStats { Task = t.Task, Executor = (Executor)t.Executor, Queued = t.Queued, Running = t.Running }));
        response.Workers.Add(stats.Workers.Select(w => new WorkerStats
        {
            Pid = w.Pid,
            State = w.State.ToString().ToUpperInvariant(),
            InFlight = w.InFlight,
            JobsRun = w.JobsRun,
            ResidentBytes = w.ResidentBytes,
        }));
        return response;
    }
}
