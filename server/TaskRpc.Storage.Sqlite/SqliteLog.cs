using Microsoft.Extensions.Logging;

namespace TaskRpc.Storage.Sqlite;

/// <summary>The SQLite store's log messages (source-generated); event ids 100 … 102.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(100, LogLevel.Information, "Job store: SQLite database {Path} (schema version {Version}, WAL, synchronous=FULL)")]
    public static partial void SqliteOpened(ILogger logger, string path, long version);

    [LoggerMessage(101, LogLevel.Error, "Job store {Path}: a batch of {Count} writes failed and was rolled back")]
    public static partial void BatchFailed(ILogger logger, string path, int count, Exception error);

    [LoggerMessage(102, LogLevel.Warning, "Job store {Path}: the checkpoint at close failed; the WAL is replayed on the next start")]
    public static partial void CheckpointFailed(ILogger logger, string path, Exception error);
}
