using System.Globalization;
using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// The database schema and its version (<c>PRAGMA user_version</c>). Version 1: <c>jobs</c>, one
/// row per job (its latest snapshot, <c>last_sequence</c> the optimistic version), with partial
/// indexes for unfinished jobs, expiry and unique idempotency keys; <c>events</c>, each job's log
/// keyed by (job_id, sequence). Payloads are (kind, type URL, blob) columns; errors, progress,
/// retry policies and labels small JSON texts; times UTC ticks; durations ticks. Version 2: the
/// jobs' <c>tenant</c> ("" for none) and <c>trace_context</c>; idempotency keys unique per tenant.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int Version = 2;

    /// <summary>The jobs columns in ordinal order (<see cref="StoreRows"/>).</summary>
    public static readonly string[] JobColumns = StoreRows.JobColumns;

    /// <summary>The jobs columns a transition may change, in <see cref="SqliteRows.BindTransition"/>'s order.</summary>
    public static readonly string[] TransitionColumns = StoreRows.TransitionColumns;

    /// <summary>The events columns in ordinal order.</summary>
    public static readonly string[] EventColumns = StoreRows.EventColumns;

    public static readonly string JobSelect = $"SELECT {string.Join(", ", JobColumns)} FROM jobs";

    public static readonly string EventSelect = $"SELECT {string.Join(", ", EventColumns)} FROM events";

    private const string UpgradeToV2 = """
        ALTER TABLE jobs ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
        ALTER TABLE jobs ADD COLUMN trace_context TEXT;
        DROP INDEX jobs_idempotency_key;
        CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
        """;

    /// <summary>Version 1's schema (kept to create it and, in tests, to upgrade files made by older servers).</summary>
    internal const string CreateV1 = """
        CREATE TABLE jobs (
            id TEXT NOT NULL PRIMARY KEY,
            task TEXT NOT NULL,
            state INTEGER NOT NULL,
            args_kind INTEGER NOT NULL,
            args_type TEXT,
            args BLOB NOT NULL,
            result_kind INTEGER,
            result_type TEXT,
            result BLOB,
            error TEXT,
            progress TEXT,
            attempt INTEGER NOT NULL,
            max_attempts INTEGER NOT NULL,
            retry TEXT,
            executor INTEGER NOT NULL,
            priority INTEGER NOT NULL,
            labels TEXT,
            idempotency_key TEXT,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            not_before INTEGER,
            execution_timeout INTEGER,
            schedule_to_start_timeout INTEGER,
            last_sequence INTEGER NOT NULL,
            expires_at INTEGER,
            lease_owner TEXT,
            lease_expires_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX jobs_unfinished ON jobs (state) WHERE state IN (1, 2);
        CREATE INDEX jobs_expires_at ON jobs (expires_at) WHERE expires_at IS NOT NULL;
        CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE events (
            job_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            time INTEGER NOT NULL,
            state INTEGER,
            attempt INTEGER,
            result_kind INTEGER,
            result_type TEXT,
            result BLOB,
            error TEXT,
            progress TEXT,
            PRIMARY KEY (job_id, sequence)
        ) WITHOUT ROWID;
        """;

    /// <summary>Brings the database to <see cref="Version"/>: creates the schema in a new file; refuses a newer one.</summary>
    /// <param name="connection">The writer connection.</param>
    /// <param name="path">The file, for messages.</param>
    public static void Migrate(SqliteConnection connection, string path)
    {
        var current = ReadVersion(connection);
        if (current == Version)
        {
            return;
        }

        if (current > Version)
        {
            throw new StoreUnavailableException(
                $"The job store '{path}' has schema version {current}, newer than this server's {Version}: use a newer server or another file.");
        }

        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            // Each version's step, from the file's version on; 0 is a new, empty file.
            if (current < 1)
            {
                Execute(connection, CreateV1);
            }

            if (current < 2)
            {
                Execute(connection, UpgradeToV2);
            }

            Execute(connection, $"PRAGMA user_version = {Version}");
            Execute(connection, "COMMIT");
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    /// <summary>The schema version stored in the file.</summary>
    public static long ReadVersion(SqliteConnection connection) =>
        Convert.ToInt64(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL of this class only.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command.ExecuteScalar();
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL of this class only.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}
