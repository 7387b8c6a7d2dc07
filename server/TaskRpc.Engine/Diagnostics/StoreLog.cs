using Microsoft.Extensions.Logging;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>The leases' log messages (source-generated); event ids 103 on (100 … 102 are the SQLite store's, see TaskRpc.Storage.Sqlite).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(103, LogLevel.Warning, "Job {JobId}: its lease was lost (another node holds it or the job ended elsewhere)")]
    public static partial void LeaseLost(ILogger logger, string jobId);

    [LoggerMessage(104, LogLevel.Error, "Lease heartbeat failed for job {JobId}")]
    public static partial void LeaseRenewFailed(ILogger logger, string jobId, Exception error);

    [LoggerMessage(105, LogLevel.Information, "Job {JobId}: running job held by live lease of {Owner} until {ExpiresAt}; left to its owner")]
    public static partial void LeaseHeldElsewhere(ILogger logger, string jobId, string? owner, DateTimeOffset? expiresAt);
}
