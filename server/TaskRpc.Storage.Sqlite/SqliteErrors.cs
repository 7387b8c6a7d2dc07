using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// Turns SQLite failures into the engine's store exceptions: a full database (SQLITE_FULL) into
/// <see cref="StoreFullException"/> (RESOURCE_EXHAUSTED); busy or locked beyond the timeout, I/O
/// errors, corrupt or foreign files, read-only or unopenable files into
/// <see cref="StoreUnavailableException"/> (UNAVAILABLE). Anything else is a bug and stays as it is.
/// </summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;
    private const int Permission = 3;

    /// <summary>True when <paramref name="error"/> means the store itself failed (not one write's own mistake).</summary>
    public static bool IsStoreFailure(Exception error) =>
        error is TaskRpcException || (error is SqliteException sqlite && Describe(sqlite.SqliteErrorCode & 0xFF) is not null);

    /// <summary>The exception to give callers for <paramref name="error"/>; itself when it is not a store failure.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="error">What SQLite threw.</param>
    /// <returns>The exception to throw.</returns>
    public static Exception Translate(string path, Exception error)
    {
        if (error is not SqliteException sqlite)
        {
            return error;
        }

        var code = sqlite.SqliteErrorCode & 0xFF;
        return code == Full
            ? new StoreFullException($"The job store '{path}' is full (disk or size limit): {sqlite.Message}", sqlite)
            : Describe(code) is { } cause
                ? new StoreUnavailableException($"The job store '{path}' {cause}: {sqlite.Message}", sqlite)
                : error;
    }

    private static string? Describe(int code) => code switch
    {
        Full => "is full",
        Busy or Locked => "is locked by another connection or process",
        IoError => "had an I/O error",
        Corrupt or NotADatabase => "is corrupt or not a TaskRpc database",
        ReadOnly or Permission => "is read-only or not permitted",
        CantOpen => "can't be opened",
        _ => null,
    };
}
