using Microsoft.Extensions.Logging;
using Npgsql;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Storage.PostgreSql;

/// <content>Opening the store: the connection pools, the schema's migration and the errors of a database that can't be used.</content>
internal sealed partial class PostgresJobStore
{
    /// <summary>
    /// Connects, creates or migrates the schema, and returns the store.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection string is missing or malformed, or the schema name is not a plain identifier.</exception>
    /// <exception cref="StoreUnavailableException">The database can't be reached or used, or has a newer schema.</exception>
    public static PostgresJobStore Open(PostgresJobStoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBatchSize);
        var builder = CreateBuilder(options);
        var display = $"PostgreSQL {builder.ConnectionStringBuilder.Host}:{builder.ConnectionStringBuilder.Port}/{builder.ConnectionStringBuilder.Database}";
        PostgresSql sql;
        try
        {
            sql = new PostgresSql(options.Schema);
        }
        catch (ArgumentException failure)
        {
            throw new InvalidOperationException(failure.Message, failure);
        }

        NpgsqlDataSource dataSource;
        try
        {
            dataSource = builder.Build();
        }
        catch (ArgumentException failure)
        {
            throw new InvalidOperationException($"Store:ConnectionString is not a usable PostgreSQL connection string: {failure.Message}", failure);
        }

        var listenSource = CreateListenSource(builder.ConnectionStringBuilder);
        try
        {
            using var connection = dataSource.OpenConnection();
            var version = PostgresSchema.Migrate(connection, options.Schema, display);
            PostgresLog.Opened(logger, display, options.Schema, version);
            return new PostgresJobStore(dataSource, listenSource, sql, options.Schema, display, options.MaxBatchSize);
        }
        catch (Exception failure)
        {
            dataSource.Dispose();
            listenSource.Dispose();
            if (failure is NpgsqlException)
            {
                throw PostgresErrors.Translate(display, failure) is TaskRpcException translated
                    ? translated
                    : new StoreUnavailableException($"The job store {display} can't be opened: {failure.Message}", failure);
            }

            throw;
        }
    }

    private static NpgsqlDataSourceBuilder CreateBuilder(PostgresJobStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("The PostgreSQL job store needs a connection string: Store:ConnectionString (--connection \"Host=…;Database=…;Username=…\").");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommandTimeout, TimeSpan.Zero);
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        }
        catch (ArgumentException failure)
        {
            throw new InvalidOperationException($"Store:ConnectionString is not a valid PostgreSQL connection string: {failure.Message}", failure);
        }

        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName ??= "taskrpc";
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
        }

        settings.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);

        // The store keeps no session state on pooled connections (no SET, no session advisory
        // lock; LISTEN has its own unpooled connection): returning one to the pool needs no
        // reset, which otherwise costs seven statements (UNLISTEN *, RESET ALL, …) per checkout
        // once auto-prepare keeps Npgsql from sending DISCARD ALL.
        settings.NoResetOnClose = true;
        return builder;
    }

    /// <summary>The listener's connections: not pooled, so a connection that ran LISTEN is closed, never handed to a caller.</summary>
    private static NpgsqlDataSource CreateListenSource(NpgsqlConnectionStringBuilder pooled)
    {
        var settings = new NpgsqlConnectionStringBuilder(pooled.ConnectionString) { Pooling = false, Multiplexing = false, MaxAutoPrepare = 0 };
        return new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
    }
}
