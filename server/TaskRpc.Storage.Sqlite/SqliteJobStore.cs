using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// A durable <see cref="IJobStore"/> in one SQLite database file (see <see cref="SqliteSchema"/>).
/// Writes go through the group-commit <see cref="SqliteWriter"/> and return only after their
/// transaction committed; reads use pooled connections of their own, which WAL lets run beside
/// the writer. Journal mode WAL with synchronous=FULL: a committed write survives a process
/// crash and a power loss (NORMAL would survive the crash but could lose the last commits on
/// power loss, and group commit already makes FULL's one fsync per batch cheap). A lock file
/// beside the database keeps it to one process, so the store <see cref="IsExclusive">is exclusive</see>.
/// </summary>
internal sealed class SqliteJobStore : IJobStore, IAsyncDisposable, IDisposable
{
    private readonly string _path;
    private readonly string _readConnectionString;
    private readonly SqliteWriter _writer;
    private readonly SqliteReaders _readers;
    private readonly FileStream _lock;
    private int _disposed;

    private SqliteJobStore(string path, string readConnectionString, SqliteWriter writer, FileStream fileLock)
    {
        _path = path;
        _readConnectionString = readConnectionString;
        _writer = writer;
        _readers = new SqliteReaders(readConnectionString);
        _lock = fileLock;
    }

    public bool IsExclusive => true;

    /// <summary>True: every write goes through the one FIFO queue of the group-commit writer.</summary>
    public bool OrdersWrites => true;

    /// <summary>The database file.</summary>
    public string Path => _path;

    /// <summary>Transactions the group-commit loop committed so far.</summary>
    internal long Commits => _writer.Commits;

    /// <summary>Writes committed so far.</summary>
    internal long Writes => _writer.Writes;

    /// <summary>
    /// Opens (or creates) the database: takes the file lock, switches to WAL, checks or creates
    /// the schema, and starts the writer.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The file is locked, corrupt, not a TaskRpc database, of a newer schema, or can't be created.</exception>
    public static SqliteJobStore Open(SqliteJobStoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);
        var path = System.IO.Path.GetFullPath(options.Path);
        var fileLock = AcquireLock(path);
        SqliteConnection? connection = null;
        try
        {
            var timeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = timeout };
            connection = new SqliteConnection(builder.ToString());
            connection.Open();
            SqliteSchema.Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
            var mode = Convert.ToString(SqliteSchema.Scalar(connection, "PRAGMA journal_mode = WAL"), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreUnavailableException($"The job store '{path}' can't use write-ahead logging (journal mode is '{mode}'); put it on a local file system.");
            }

            SqliteSchema.Execute(connection, "PRAGMA synchronous = FULL");
            SqliteSchema.Migrate(connection, path);

            // Take the write lock once, so a file another connection holds locked fails the start, not the first Submit.
            SqliteSchema.Execute(connection, "BEGIN IMMEDIATE");
            SqliteSchema.Execute(connection, "COMMIT");
            if (options.MaxSizeBytes is { } maxBytes)
            {
                var pageSize = Convert.ToInt64(SqliteSchema.Scalar(connection, "PRAGMA page_size"), CultureInfo.InvariantCulture);
                SqliteSchema.Execute(connection, $"PRAGMA max_page_count = {Math.Max(1, maxBytes / pageSize)}");
            }

            SqliteLog.SqliteOpened(logger, path, SqliteSchema.ReadVersion(connection));
            builder.Mode = SqliteOpenMode.ReadWrite;
            builder.Pooling = true;
            return new SqliteJobStore(path, builder.ToString(), new SqliteWriter(connection, path, options.MaxBatchSize, logger), fileLock);
        }
        catch (Exception failure)
        {
            connection?.Dispose();
            fileLock.Dispose();
            if (failure is StoreUnavailableException)
            {
                throw;
            }

            if (failure is not SqliteException)
            {
                throw;
            }

            throw SqliteErrors.Translate(path, failure) is TaskRpcException translated
                ? translated
                : new StoreUnavailableException($"The job store '{path}' can't be opened: {failure.Message}", failure);
        }
    }

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(created);
        if (created.Sequence != 1 || job.LastSequence != 1)
        {
            throw new ArgumentException("A new job starts at sequence 1.", nameof(created));
        }

        return new(_writer.WriteAsync(s => s.Create(job, created), PendingWrite.NoExistingJob, cancellationToken));
    }

    public ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(jobEvent);
        if (jobEvent.Sequence != expectedSequence + 1 || job.LastSequence != jobEvent.Sequence)
        {
            throw new ArgumentException("The event's sequence must follow the expected one and match the snapshot's.", nameof(jobEvent));
        }

        return new(_writer.ApplyAsync(new PendingApply(job, jobEvent, expectedSequence), cancellationToken));
    }

    public ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        new(_writer.WriteAsync(s => s.RenewLease(jobId, owner, expiresAt), jobId, cancellationToken));

    public ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        new(_writer.WriteAsync(s => s.DeleteExpired(now), null, cancellationToken));

    public ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        try
        {
            return ValueTask.FromResult(_readers.GetJob(jobId));
        }
        catch (SqliteException failure)
        {
            throw SqliteErrors.Translate(_path, failure);
        }
    }

    public ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        try
        {
            return ValueTask.FromResult<IReadOnlyList<JobEvent>>(_readers.ReadEvents(jobId, fromSequence, maxCount));
        }
        catch (SqliteException failure)
        {
            throw SqliteErrors.Translate(_path, failure);
        }
    }

    public ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        return ValueTask.FromResult(SqliteJobLister.List(this, filter, pageSize, pageToken));
    }

    public ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(
            $"{SqliteSchema.JobSelect} WHERE state IN ({(int)JobState.Queued}, {(int)JobState.Running}) ORDER BY id",
            static _ => { },
            static rows => (IReadOnlyList<JobSnapshot>)ReadAll(rows, StoreRows.ReadJob)));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        _readers.Dispose();
        using (var pooled = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        await _lock.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Runs one query on a pooled read connection; SQLite failures become store exceptions.</summary>
    internal T Read<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read)
    {
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL of this store only; values are parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            bind(command);
            using var rows = command.ExecuteReader();
            return read(rows);
        }
        catch (SqliteException failure)
        {
            throw SqliteErrors.Translate(_path, failure);
        }
    }

    internal static List<T> ReadAll<T>(SqliteDataReader rows, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        while (rows.Read())
        {
            list.Add(read(rows));
        }

        return list;
    }

    private static FileStream AcquireLock(string path)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException failure)
        {
            throw new StoreUnavailableException($"The job store '{path}' is in use by another TaskRpc server (its lock file '{path}.lock' is held): {failure.Message}", failure);
        }
        catch (UnauthorizedAccessException failure)
        {
            throw new StoreUnavailableException($"The job store '{path}' can't be created or locked: {failure.Message}", failure);
        }
    }
}
