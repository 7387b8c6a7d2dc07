using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>The values of the <c>executor</c> and <c>state</c> tags on metrics and spans (constant strings: tagging allocates nothing).</summary>
internal static class TelemetryNames
{
    public static string Executor(ExecutorKind kind) => kind switch
    {
        ExecutorKind.Async => "async",
        ExecutorKind.Threads => "threads",
        ExecutorKind.Processes => "processes",
        _ => "other",
    };

    public static string State(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => "other",
    };
}
