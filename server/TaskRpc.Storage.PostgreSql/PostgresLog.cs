using Microsoft.Extensions.Logging;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>The PostgreSQL store's log messages (source-generated); event ids 110 on.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(110, LogLevel.Information, "Job store: PostgreSQL {Database}, schema {Schema} (version {Version})")]
    public static partial void Opened(ILogger logger, string database, string schema, int version);
}
