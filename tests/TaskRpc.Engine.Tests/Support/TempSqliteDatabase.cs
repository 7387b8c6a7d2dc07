using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TaskRpc.Storage.Sqlite;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>A database path in a fresh temporary directory; opens stores on it and disposes them, and the directory, at the end.</summary>
internal sealed class TempSqliteDatabase : IDisposable
{
    private readonly List<SqliteJobStore> _stores = [];

    public TempSqliteDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "taskrpc-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "jobs.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>Opens a store on <see cref="Path"/> (busy timeout 1 s unless configured), disposed with this object.</summary>
    public SqliteJobStore Open(Action<SqliteJobStoreOptions>? configure = null)
    {
        var options = new SqliteJobStoreOptions { Path = Path, BusyTimeout = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        var store = SqliteJobStore.Open(options, NullLogger.Instance);
        _stores.Add(store);
        return store;
    }

    /// <summary>A plain connection to the file, for inspecting or locking it.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 1 }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; the test's outcome does not depend on it.
        }
    }
}
