using System.Text.RegularExpressions;
using Npgsql;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The store's tables in their own schema (<see cref="PostgresJobStoreOptions.Schema"/>) and their
/// version (table <c>schema_version</c>, one row). Version 1: <c>jobs</c>, one row per job (its
/// latest snapshot, <c>last_sequence</c> the optimistic version; ids in the "C" collation so they
/// sort as the engine compares them), with a unique index on (tenant, idempotency_key), partial
/// indexes for unfinished jobs, expiry, running leases and the queued jobs in claim order
/// (executor, priority DESC, id); <c>events</c>, each job's log keyed by (job_id, sequence).
/// Payloads are (kind, type URL, bytea) columns; errors, progress, retry policies and labels
/// jsonb; times bigint UTC ticks (100 ns since 0001-01-01, exact like the engine's; in SQL
/// <c>to_timestamp((t - 621355968000000000) / 1e7)</c>), durations bigint ticks.
/// </summary>
internal static partial class PostgresSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int Version = 1;

    /// <summary>Serializes schema creation and migration of concurrently starting nodes (a transaction-scoped advisory lock).</summary>
    private const long MigrationLock = 0x5461736B527063; // "TaskRpc"

    private const string CreateV1 = """
        CREATE TABLE {schema}.jobs (
            id text COLLATE "C" NOT NULL PRIMARY KEY,
            tenant text NOT NULL DEFAULT '',
            task text NOT NULL,
            state integer NOT NULL,
            args_kind integer NOT NULL,
            args_type text,
            args bytea NOT NULL,
            result_kind integer,
            result_type text,
            result bytea,
            error jsonb,
            progress jsonb,
            attempt integer NOT NULL,
            max_attempts integer NOT NULL,
            retry jsonb,
            executor integer NOT NULL,
            priority integer NOT NULL,
            labels jsonb,
            idempotency_key text,
            trace_context text,
            created_at bigint NOT NULL,
            started_at bigint,
            finished_at bigint,
            not_before bigint,
            execution_timeout bigint,
            schedule_to_start_timeout bigint,
            last_sequence bigint NOT NULL,
            expires_at bigint,
            lease_owner text,
            lease_expires_at bigint
        );
        CREATE INDEX jobs_unfinished ON {schema}.jobs (state) WHERE state IN (1, 2);
        CREATE INDEX jobs_queued ON {schema}.jobs (executor, priority DESC, id) WHERE state = 1;
        CREATE INDEX jobs_running_lease ON {schema}.jobs (lease_expires_at) WHERE state = 2;
        CREATE INDEX jobs_expires_at ON {schema}.jobs (expires_at) WHERE expires_at IS NOT NULL;
        CREATE UNIQUE INDEX jobs_idempotency_key ON {schema}.jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE {schema}.events (
            job_id text COLLATE "C" NOT NULL,
            sequence bigint NOT NULL,
            time bigint NOT NULL,
            state integer,
            attempt integer,
            result_kind integer,
            result_type text,
            result bytea,
            error jsonb,
            progress jsonb,
            PRIMARY KEY (job_id, sequence)
        );
        """;

    /// <summary>The schema name quoted for SQL, after checking it is a plain identifier.</summary>
    /// <exception cref="ArgumentException">The name is not a plain identifier.</exception>
    public static string Quote(string schema)
    {
        if (!Identifier().IsMatch(schema))
        {
            throw new ArgumentException(
                $"Store:Schema must be letters, digits and underscores, starting with a letter or underscore, at most 63 characters, not '{schema}'.",
                nameof(schema));
        }

        return "\"" + schema + "\"";
    }

    /// <summary>
    /// Brings the schema to <see cref="Version"/>: creates it in a database (or schema) that has
    /// none; refuses a newer one. Nodes starting together take turns (an advisory lock).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="schema">The schema's name, unquoted.</param>
    /// <param name="display">The database, for messages.</param>
    /// <returns>The schema version now in force.</returns>
    public static int Migrate(NpgsqlConnection connection, string schema, string display)
    {
        var quoted = Quote(schema);
        using var transaction = connection.BeginTransaction();
        Execute(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})");
        var current = ReadVersion(connection, schema);
        if (current > Version)
        {
            throw new StoreUnavailableException(
                $"The job store {display} (schema {schema}) has schema version {current}, newer than this server's {Version}: use a newer server or another schema.");
        }

        if (current < Version)
        {
            // Versions 1 … n each add their step here; 0 is a schema without our tables.
            Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {quoted}");
            Execute(connection, CreateV1.Replace("{schema}", quoted, StringComparison.Ordinal));
            Execute(connection, CreateV1Cluster.Replace("{schema}", quoted, StringComparison.Ordinal));
            Execute(connection, $"CREATE TABLE {quoted}.schema_version (version integer NOT NULL)");
            Execute(connection, $"INSERT INTO {quoted}.schema_version (version) VALUES ({Version})");
        }

        transaction.Commit();
        return Version;
    }

    /// <summary>The schema version stored in the database: 0 when the schema or its version table does not exist.</summary>
    public static int ReadVersion(NpgsqlConnection connection, string schema)
    {
        var quoted = Quote(schema);
        using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = quoted + ".schema_version" });
        if (exists.ExecuteScalar() is not true)
        {
            return 0;
        }

        using var command = new NpgsqlCommand($"SELECT max(version) FROM {quoted}.schema_version", connection);
        return command.ExecuteScalar() is int version ? version : 0;
    }

    public static void Execute(NpgsqlConnection connection, string sql)
    {
#pragma warning disable CA2100 // SQL of this class only; the schema name is checked by Quote.
        using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
