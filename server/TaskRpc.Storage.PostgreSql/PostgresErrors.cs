using Npgsql;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// Turns Npgsql failures into the engine's store exceptions: a full disk (SQLSTATE 53100) into
/// <see cref="StoreFullException"/> (RESOURCE_EXHAUSTED); a database that can't be reached or
/// used (connection failures, timeouts, an exhausted pool, a server shutting down or in recovery,
/// too many connections, out of memory, authentication or permission errors, a read-only
/// standby, a missing database, serialization failures and deadlocks) into
/// <see cref="StoreUnavailableException"/> (UNAVAILABLE). Anything else (a constraint or syntax
/// error) is a bug and stays as it is.
/// </summary>
internal static class PostgresErrors
{
    private const string DiskFull = "53100";

    /// <summary>The exception to give callers for <paramref name="error"/>; itself when it is not a store failure.</summary>
    /// <param name="display">The database, for messages (no password).</param>
    /// <param name="error">What Npgsql threw.</param>
    /// <returns>The exception to throw.</returns>
    public static Exception Translate(string display, Exception error)
    {
        if (error is PostgresException postgres)
        {
            return postgres.SqlState == DiskFull
                ? new StoreFullException($"The job store {display} is full (disk): {postgres.MessageText}", postgres)
                : Describe(postgres.SqlState) is { } cause
                    ? new StoreUnavailableException($"The job store {display} {cause}: {postgres.MessageText}", postgres)
                    : error;
        }

        return error is NpgsqlException npgsql
            ? new StoreUnavailableException($"The job store {display} can't be reached: {Message(npgsql)}", npgsql)
            : error;
    }

    /// <summary>What a server error means for the store, or null when it is one statement's own mistake.</summary>
    private static string? Describe(string sqlState) => sqlState[..2] switch
    {
        "08" => "lost its connection",
        "53" => "is out of resources (memory or connections)",
        "57" => "is shutting down, restarting or cancelled the statement",
        "58" => "had a system or I/O error",
        "XX" => "had an internal error",
        "28" => "refused the login",
        "3D" => "does not exist",
        "40" => "aborted the transaction (serialization failure or deadlock)",
        "25" when sqlState == "25006" => "is read-only (a standby?)",
        "42" when sqlState == "42501" => "denied the permission",
        _ => null,
    };

    /// <summary>The exception's message with its inner causes (e.g. "Connection refused").</summary>
    private static string Message(Exception error)
    {
        var message = error.Message;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += ": " + inner.Message;
            }
        }

        return message;
    }
}
