using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Jobs finished per node (GetStats' <c>jobs_finished</c>, counted by the node that ended them,
/// read from its memory), to see where a cluster ran a run's jobs.
/// </summary>
internal static class NodeCounts
{
    public static async Task<long[]> FinishedAsync(IReadOnlyList<TaskServiceClient> clients)
    {
        var stats = await Task.WhenAll(clients.Select(TaskCalls.GetStatsAsync)).ConfigureAwait(false);
        return [.. stats.Select(s => s.JobsFinished)];
    }

    /// <summary>What each node finished between two readings.</summary>
    public static long[] Delta(long[] before, long[] after) => [.. after.Zip(before, (a, b) => a - b)];

    /// <summary>Per node, e.g. "1200/980/1020".</summary>
    public static string Format(long[] counts) => string.Join('/', counts);
}
