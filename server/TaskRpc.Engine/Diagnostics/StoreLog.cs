using Microsoft.Extensions.Logging;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>The job stores' and leases' log messages (source-generated); event ids from 100.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(100, LogLevel.Information, "Job store: SQLite database {Path} (schema version {Version}, WAL, synchronous=FULL)")]
    public static partial void SqliteOpened(ILogger logger, string path, long version);

    [LoggerMessage(101, LogLevel.Error, "Job store {Path}: a batch of {Count} writes failed and was rolled back")]
    public static partial void BatchFailed(ILogger logger, string path, int count, Exception error);

    [LoggerMessage(102, LogLevel.Warning, "Job store {Path}: the checkpoint at close failed; the WAL is replayed on the next start")]
    public static partial void CheckpointFailed(ILogger logger, string path, Exception error);

    [LoggerMessage(103, LogLevel.Warning, "Job {JobId}: its lease was lost (another node holds it or the job ended elsewhere)")]
    public static partial void LeaseLost(ILogger logger, string jobId);

    [LoggerMessage(104, LogLevel.Error, "Lease heartbeat failed for job {JobId}")]
    public static partial void LeaseRenewFailed(ILogger logger, string jobId, Exception error);

    [LoggerMessage(105, LogLevel.Information, "Job {JobId}: running job held by live lease of {Owner} until {ExpiresAt}; left to its owner")]
    public static partial void LeaseHeldElsewhere(ILogger logger, string jobId, string? owner, DateTimeOffset? expiresAt);
}
