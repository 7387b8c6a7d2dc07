using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Engine.Storage.Sqlite;

/// <summary>
/// Group commit: the store's single writer. Callers enqueue writes; one loop drains whatever is
/// waiting (up to <see cref="SqliteJobStoreOptions.MaxBatchSize"/>), runs each in its own
/// savepoint inside one transaction, commits once (one WAL fsync for the batch with
/// synchronous=FULL), and only then completes every caller. A write that fails on its own (a
/// bug, e.g. a duplicate id) is rolled back to its savepoint and fails alone; a store failure
/// (full, locked, I/O) rolls the batch back and fails every write in it.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteStatements _statements;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _path;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private long _commits;
    private long _writes;

    public SqliteWriter(SqliteConnection connection, string path, int maxBatchSize, ILogger logger)
    {
        _connection = connection;
        _statements = new SqliteWriteStatements(connection);
        _path = path;
        _maxBatchSize = maxBatchSize;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Writes committed so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Queues a write; the task completes after the transaction that holds it commits.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriteStatements, T> work, CancellationToken cancellationToken = default)
    {
        // Checked only before queueing: once queued, a write may commit, and its caller must learn the outcome.
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite<T>(work);
        return _queue.Writer.TryWrite(write)
            ? write.Done
            : Task.FromException<T>(new StoreUnavailableException($"The job store '{_path}' is closed."));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _statements.Dispose();
        try
        {
            SqliteSchema.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException failure)
        {
            StoreLog.CheckpointFailed(_logger, _path, failure);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>(Math.Min(_maxBatchSize, 1024));
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            CommitBatch(batch);
            batch.Clear();
        }
    }

    private void CommitBatch(List<PendingWrite> batch)
    {
#pragma warning disable CA1031 // Every failure is handed to the writes' callers; the loop must go on.
        try
        {
            _statements.Begin();
            foreach (var write in batch)
            {
                _statements.Savepoint();
                try
                {
                    write.Execute(_statements);
                    _statements.Release();
                }
                catch (Exception failure) when (!SqliteErrors.IsStoreFailure(failure))
                {
                    _statements.RollbackToSavepoint();
                    write.Fail(failure);
                }
            }

            _statements.Commit();
        }
        catch (Exception failure)
        {
            RollBack();
            var error = SqliteErrors.Translate(_path, failure);
            StoreLog.BatchFailed(_logger, _path, batch.Count, error);
            foreach (var write in batch)
            {
                write.Fail(error);
            }

            return;
        }
#pragma warning restore CA1031

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, batch.Count);
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private void RollBack()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            _statements.Rollback();
        }
        catch (SqliteException)
        {
            // SQLite already rolled the transaction back (as it does on SQLITE_FULL and I/O errors), or there was none.
        }
    }
}
