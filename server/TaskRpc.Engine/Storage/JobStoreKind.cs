namespace TaskRpc.Engine.Storage;

/// <summary>Which <see cref="IJobStore"/> a server uses: configuration key <c>Store:Kind</c>, option <c>--store</c>.</summary>
public enum JobStoreKind
{
    /// <summary>A SQLite database file: durable across restarts and crashes. The server's default.</summary>
    Sqlite = 1,

    /// <summary>In process memory: every job is lost when the process ends. For tests and throw-away runs.</summary>
    Memory = 2,

    /// <summary>
    /// A PostgreSQL database (<c>Store:ConnectionString</c>, option <c>--connection</c>): durable,
    /// and shared by every node that points at it.
    /// </summary>
    Postgres = 3,
}
