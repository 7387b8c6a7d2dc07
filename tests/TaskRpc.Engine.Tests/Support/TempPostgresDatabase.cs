using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaskRpc.Storage.PostgreSql;
using TaskRpc.Tests.Shared;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>
/// A fresh database on the tests' PostgreSQL (<see cref="PostgresCluster.Shared"/>); opens stores
/// on it, each in a schema of its own unless told which, and disposes them at the end.
/// </summary>
internal sealed class TempPostgresDatabase : IDisposable
{
    private readonly List<PostgresJobStore> _stores = [];
    private int _schemas;

    public TempPostgresDatabase(PostgresCluster? cluster = null) => ConnectionString = (cluster ?? PostgresCluster.Shared).CreateDatabase();

    public string ConnectionString { get; }

    /// <summary>Opens a store (in a fresh schema unless <paramref name="configure"/> names one), disposed with this object.</summary>
    public PostgresJobStore Open(Action<PostgresJobStoreOptions>? configure = null)
    {
        var options = new PostgresJobStoreOptions { ConnectionString = ConnectionString, Schema = $"s{Interlocked.Increment(ref _schemas)}" };
        configure?.Invoke(options);
        var store = PostgresJobStore.Open(options, NullLogger.Instance);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    /// <summary>A plain connection to the database, for inspecting or changing it.</summary>
    public NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs one statement on a plain connection and returns the first column of the first row.</summary>
    public object? Scalar(string sql)
    {
        using var connection = Connect();
#pragma warning disable CA2100 // The tests' own SQL.
        using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        lock (_stores)
        {
            foreach (var store in _stores)
            {
                store.Dispose();
            }
        }
    }
}
