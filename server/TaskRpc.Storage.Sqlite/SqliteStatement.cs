using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// A statement prepared once on the writer connection and run through SQLite's own API, with
/// parameters bound by position: the hot writes (job and event inserts, transition updates)
/// skip Microsoft.Data.Sqlite's per-execution work (parameter lookup by name, value boxing and
/// type inference, a data reader per call), which was most of the writer's CPU per write.
/// Errors surface as <see cref="SqliteException"/> like those of <see cref="SqliteCommand"/>.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    /// <summary>Binds parameter <paramref name="index"/> (0-based) to an integer.</summary>
    public void Int64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index + 1, value));

    /// <summary>Binds an integer, or NULL.</summary>
    public void Int64(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index + 1, v) : raw.sqlite3_bind_null(_statement, index + 1));

    /// <summary>Binds a text, or NULL.</summary>
    public void Text(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index + 1) : raw.sqlite3_bind_text(_statement, index + 1, value));

    /// <summary>Binds a blob (an empty one is a zero-length blob, not NULL).</summary>
    public void Blob(int index, ReadOnlySpan<byte> value) =>
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index + 1, 0) : raw.sqlite3_bind_blob(_statement, index + 1, value));

    /// <summary>Binds NULL.</summary>
    public void Null(int index) => Check(raw.sqlite3_bind_null(_statement, index + 1));

    /// <summary>Runs the statement with the bound values, then clears them.</summary>
    /// <returns>The rows it changed.</returns>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
