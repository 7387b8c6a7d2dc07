namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// Options of the SQLite job store: configuration section <c>Store</c> (e.g. <c>Store:Path</c>,
/// option <c>--db</c>). Every default is stated on its property.
/// </summary>
public sealed class SqliteJobStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Store";

    /// <summary>
    /// The default database file: <c>TaskRpc/taskrpc.db</c> under the user's local application
    /// data folder (on Linux <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>), or
    /// <c>data/taskrpc.db</c> under the current directory when there is no such folder.
    /// </summary>
    public static string DefaultPath { get; } = ComputeDefaultPath();

    /// <summary>
    /// The database file; created with its directory when missing. Beside it SQLite keeps
    /// <c>-wal</c> and <c>-shm</c> files, and the store a <c>.lock</c> file that keeps it to one
    /// process. Default <see cref="DefaultPath"/>.
    /// </summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// How long a read or write waits for a lock another connection holds before it fails with
    /// UNAVAILABLE (and how long opening waits at start-up). Default 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most writes committed in one transaction (group commit). A batch is whatever was waiting
    /// when the previous commit ended, up to this many; no write waits for a batch to fill.
    /// Default 1024.
    /// </summary>
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>
    /// A size limit for the database, in bytes (SQLite's <c>max_page_count</c>): writes past it
    /// fail with RESOURCE_EXHAUSTED as on a full disk. Default null: no limit but the disk's.
    /// </summary>
    public long? MaxSizeBytes { get; set; }

    private static string ComputeDefaultPath()
    {
        var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(appData)
            ? System.IO.Path.Combine("data", "taskrpc.db")
            : System.IO.Path.Combine(appData, "TaskRpc", "taskrpc.db");
    }
}
