using System.Diagnostics;

namespace TaskRpc.Bench.Hangfire;

/// <summary>One job's outcome as the tracking filter sees it: when it started performing (a <see cref="Stopwatch"/> timestamp) and how it ended.</summary>
internal sealed class TrackedJob
{
    private long _started;

    /// <summary>Completes with true when the job's Succeeded state is applied, false when its Failed state is.</summary>
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Started => Volatile.Read(ref _started);

    public void MarkStarted() => Volatile.Write(ref _started, Stopwatch.GetTimestamp());
}
