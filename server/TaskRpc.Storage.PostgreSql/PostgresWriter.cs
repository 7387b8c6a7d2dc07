using System.Threading.Channels;
using Npgsql;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// Group commit for the store's hot writes (creates without an idempotency key, transitions,
/// lease renewals): one loop takes whatever writes are waiting (up to
/// <see cref="PostgresJobStoreOptions.MaxBatchSize"/>), sends them as one Npgsql batch (one round
/// trip; PostgreSQL runs a batch as one implicit transaction, so one commit and one WAL flush for
/// all of them; the creates and the transitions are bulk statements, <see cref="PostgresWriteBatch"/>)
/// and completes every caller after the commit. No write waits for a batch to fill.
/// A write that fails on its own (a bug, e.g. a duplicate id) aborts its batch, which is then run
/// again write by write so that only that write fails; a store failure (connection lost, disk
/// full) fails every write of the batch. Should handling a failure throw, that batch fails with
/// it and the loop goes on: no later write waits forever.
/// </summary>
internal sealed class PostgresWriter : IAsyncDisposable
{
    private readonly Channel<PostgresWrite> _queue = Channel.CreateUnbounded<PostgresWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWriteBatch _batch;
    private readonly Func<NpgsqlException, Exception> _fail;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private long _commits;
    private long _writes;

    public PostgresWriter(NpgsqlDataSource dataSource, PostgresSql sql, Func<NpgsqlException, Exception> fail, int maxBatchSize)
    {
        _dataSource = dataSource;
        _batch = new PostgresWriteBatch(sql);
        _fail = fail;
        _maxBatchSize = maxBatchSize;
        _loop = System.Threading.Tasks.Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Writes committed so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Queues a write; its task completes after the commit.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task<bool> WriteAsync(PostgresWrite write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), typeof(PostgresJobStore));
        return write.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PostgresWrite>(_maxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A bug in the error handling itself fails its batch, not every later write of the store.
            catch (Exception unexpected)
#pragma warning restore CA1031
            {
                foreach (var write in batch)
                {
                    write.Fail(unexpected);
                }
            }

            batch.Clear();
        }
    }

    private async Task CommitAsync(List<PostgresWrite> writes)
    {
        try
        {
            await ExecuteAsync(writes).ConfigureAwait(false);
            return;
        }
        catch (Exception error) when (writes.Count == 1 || IsStoreFailure(error))
        {
            var failure = error is NpgsqlException npgsql ? _fail(npgsql) : error;
            foreach (var write in writes)
            {
                write.Fail(failure);
            }

            return;
        }
        catch (Exception)
        {
            // One write's own mistake aborted the batch: run them one by one so that only it fails.
        }

        foreach (var write in writes)
        {
            try
            {
                await ExecuteAsync([write]).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                write.Fail(error is NpgsqlException npgsql ? _fail(npgsql) : error);
            }
        }
    }

    private async Task ExecuteAsync(List<PostgresWrite> writes)
    {
        await _batch.ExecuteAsync(_dataSource, writes).ConfigureAwait(false);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes.Count);
    }

    private static bool IsStoreFailure(Exception error) =>
        error is NpgsqlException npgsql && PostgresErrors.Translate(string.Empty, npgsql) is TaskRpcException;
}
