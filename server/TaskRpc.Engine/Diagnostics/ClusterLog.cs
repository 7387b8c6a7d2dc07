using Microsoft.Extensions.Logging;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>The log messages of a node on a store shared by several nodes (source-generated); event ids from 300.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(300, LogLevel.Information, "Node {NodeId} joined the shared job store: it claims jobs from the store; {TakenOver} abandoned jobs taken over at start")]
    public static partial void Joined(ILogger logger, string nodeId, int takenOver);

    [LoggerMessage(301, LogLevel.Error, "Claiming {Executor} jobs from the shared store failed; the next signal or poll tries again")]
    public static partial void ClaimFailed(ILogger logger, string executor, Exception error);

    [LoggerMessage(302, LogLevel.Warning, "Job {JobId}: the lease of {Owner} expired at {ExpiresAt}; taking the job over (attempt {Attempt} counts as lost)")]
    public static partial void TakingOver(ILogger logger, string jobId, string? owner, DateTimeOffset? expiresAt, int attempt);

    [LoggerMessage(303, LogLevel.Error, "Node duty '{Duty}' on the shared store failed; the next poll tries again")]
    public static partial void DutyFailed(ILogger logger, string duty, Exception error);

    [LoggerMessage(304, LogLevel.Information, "Listening to the shared store's signals")]
    public static partial void Listening(ILogger logger);

    [LoggerMessage(305, LogLevel.Warning, "The shared store's listen connection broke; polling every {Interval} until it is back")]
    public static partial void ListenLost(ILogger logger, TimeSpan interval);

    [LoggerMessage(306, LogLevel.Information, "Job {JobId}: cancel requested through the shared store")]
    public static partial void CancelRequested(ILogger logger, string jobId);

    [LoggerMessage(307, LogLevel.Information, "Node {NodeId} leads the cluster-wide duties (retention sweeps, schedule-to-start timeouts)")]
    public static partial void Leading(ILogger logger, string nodeId);
}
