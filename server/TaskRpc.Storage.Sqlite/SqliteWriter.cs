using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// Group commit: the store's single writer. Callers enqueue writes; one loop drains whatever is
/// waiting (up to <see cref="SqliteJobStoreOptions.MaxBatchSize"/>), runs it in one transaction
/// (coalescing consecutive transitions of one job into one row update), commits once (one WAL
/// fsync for the batch with synchronous=FULL), and only then completes every caller. No
/// per-write savepoints: a write that fails on its own (a bug, e.g. a duplicate id) rolls the
/// whole batch back, which is then re-run write by write, each in its own transaction, so that
/// write fails alone; a store failure (full, locked, I/O) rolls the batch back and fails every
/// write in it.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteStatements _statements;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _path;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Dictionary<string, PendingApply> _tails = new(StringComparer.Ordinal);
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
    /// <param name="work">The write.</param>
    /// <param name="orderedJob">The existing job whose row it reads or changes (<see cref="PendingWrite.OrderedJob"/>).</param>
    /// <param name="cancellationToken">Checked before queueing only.</param>
    public Task<T> WriteAsync<T>(Func<SqliteWriteStatements, T> work, string? orderedJob, CancellationToken cancellationToken = default)
    {
        var write = new PendingWrite<T>(work, orderedJob);
        return Enqueue(write, cancellationToken) ? write.Done : Closed<T>();
    }

    /// <summary>Queues a transition; the task completes after the transaction that holds it commits.</summary>
    public Task<bool> ApplyAsync(PendingApply write, CancellationToken cancellationToken = default) =>
        Enqueue(write, cancellationToken) ? write.Done : Closed<bool>();

    private bool Enqueue(PendingWrite write, CancellationToken cancellationToken)
    {
        // Checked only before queueing: once queued, a write may commit, and its caller must learn the outcome.
        cancellationToken.ThrowIfCancellationRequested();
        return _queue.Writer.TryWrite(write);
    }

    private Task<T> Closed<T>() => Task.FromException<T>(new StoreUnavailableException($"The job store '{_path}' is closed."));

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
            SqliteLog.CheckpointFailed(_logger, _path, failure);
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
            ExecuteCoalesced(batch);
            _statements.Commit();
        }
        catch (Exception failure) when (!SqliteErrors.IsStoreFailure(failure))
        {
            // One write failed on its own (a bug, e.g. a duplicate id): keep none of the batch, then
            // re-run it write by write, each in its own transaction, so only that write fails.
            RollBack();
            CommitOneByOne(batch);
            return;
        }
        catch (Exception failure)
        {
            RollBack();
            FailAll(batch, failure);
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

    /// <summary>
    /// Runs the batch's writes in order, except that transitions of one job that follow each other
    /// (each expecting the sequence the previous one writes, e.g. Running then Succeeded) are
    /// written together where the first one stands: one row update and all their events. A write
    /// that reads or changes that job's row ends its chain, so no write sees a different row
    /// than it would have in order.
    /// </summary>
    private void ExecuteCoalesced(List<PendingWrite> batch)
    {
        _tails.Clear();
        foreach (var write in batch)
        {
            if (write is PendingApply apply)
            {
                if (_tails.TryGetValue(apply.Job.Id, out var tail) && tail.Job.LastSequence == apply.ExpectedSequence)
                {
                    tail.Next = apply;
                    apply.IsLinked = true;
                }

                _tails[apply.Job.Id] = apply;
            }
            else if (write.OrderedJob is null)
            {
                _tails.Clear();
            }
            else if (write.OrderedJob.Length > 0)
            {
                _tails.Remove(write.OrderedJob);
            }
        }

        foreach (var write in batch)
        {
            switch (write)
            {
                case PendingApply { IsLinked: true }:
                    break;
                case PendingApply { Next: not null } head:
                    _statements.ApplyChain(head);
                    break;
                default:
                    write.Execute(_statements);
                    break;
            }
        }
    }

    private void CommitOneByOne(List<PendingWrite> batch)
    {
#pragma warning disable CA1031 // Every failure is handed to its write's caller.
        foreach (var write in batch)
        {
            try
            {
                _statements.Begin();
                write.Execute(_statements);
                _statements.Commit();
            }
            catch (Exception failure)
            {
                RollBack();
                var error = SqliteErrors.Translate(_path, failure);
                if (SqliteErrors.IsStoreFailure(failure))
                {
                    SqliteLog.BatchFailed(_logger, _path, 1, error);
                }

                write.Fail(error);
                continue;
            }

            Interlocked.Increment(ref _commits);
            Interlocked.Increment(ref _writes);
            write.Complete();
        }
#pragma warning restore CA1031
    }

    private void FailAll(List<PendingWrite> batch, Exception failure)
    {
        var error = SqliteErrors.Translate(_path, failure);
        SqliteLog.BatchFailed(_logger, _path, batch.Count, error);
        foreach (var write in batch)
        {
            write.Fail(error);
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
