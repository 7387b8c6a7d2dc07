namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// Options of the PostgreSQL job store: configuration section <c>Store</c> (with
/// <c>Store:Kind=postgres</c>, option <c>--store postgres</c>; e.g. <c>Store:ConnectionString</c>,
/// option <c>--connection</c>). Every default is stated on its property.
/// </summary>
public sealed class PostgresJobStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Store";

    /// <summary>The schema's default name.</summary>
    public const string DefaultSchema = "taskrpc";

    /// <summary>
    /// The Npgsql connection string, e.g. <c>Host=db;Database=taskrpc;Username=taskrpc;Password=…</c>.
    /// Pool size, connect timeout, TLS and keepalives are set here as Npgsql documents them (its
    /// defaults: <c>Maximum Pool Size=100</c>, <c>Timeout=15</c> seconds to connect). Unless it
    /// says otherwise the store sets <c>Application Name=taskrpc</c> and
    /// <c>Max Auto Prepare=64</c> (its statements are prepared on each connection on first use).
    /// Required; default null.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The schema that holds the store's tables (created with them when missing): letters, digits
    /// and underscores, starting with a letter or underscore, at most 63 characters. Several
    /// independent TaskRpc clusters can share one database under different schemas.
    /// Default <see cref="DefaultSchema"/> (<c>taskrpc</c>).
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// How long one statement may run before it fails with UNAVAILABLE (Npgsql's command timeout).
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
