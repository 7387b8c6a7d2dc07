using Npgsql;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// A durable <see cref="IJobStore"/> on PostgreSQL (see <see cref="PostgresSchema"/>), shared by
/// any number of nodes: not <see cref="IsExclusive">exclusive</see>. Every write returns after its
/// commit. The hot writes (creates without an idempotency key, transitions, lease renewals) go
/// through the group-commit <see cref="PostgresWriter"/>: many callers' writes in one batch, one
/// round trip and one transaction; a transition is an <c>UPDATE … WHERE last_sequence =
/// @expected</c> and its event's insert in one statement. Creates with a key (one batch of
/// their own: expired holder deleted, insert unless held, holder read), reads and sweeps use
/// pooled connections directly (<see cref="OrdersWrites"/> false). Partial files add the
/// creates, the cluster's claims and the notifications.
/// </summary>
internal sealed partial class PostgresJobStore : IJobStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenSource;
    private readonly PostgresWriter _writer;
    private readonly PostgresSql _sql;
    private readonly string _display;
    private int _disposed;

    private PostgresJobStore(NpgsqlDataSource dataSource, NpgsqlDataSource listenSource, PostgresSql sql, string schema, string display, int maxBatchSize)
    {
        _dataSource = dataSource;
        _listenSource = listenSource;
        _writer = new PostgresWriter(dataSource, sql, Fail, maxBatchSize);
        _sql = sql;
        Schema = schema;
        _display = display;
    }

    public bool IsExclusive => false;

    /// <summary>
    /// False, although the group-commit writer is FIFO: with ordered writes the engine starts a
    /// handler before its Running transition is durable (pipelined start), and on a store shared
    /// by several nodes that transition can still lose its version check to another node's claim,
    /// so the job would run twice. Keyed creates, reads and sweeps also bypass the writer.
    /// </summary>
    public bool OrdersWrites => false;

    /// <summary>
    /// True: a create without an idempotency key and every transition and lease renewal go through
    /// the one FIFO group-commit <see cref="PostgresWriter"/> (a batch runs in call order as one
    /// transaction, and batches commit one after the other), and a job created started is
    /// leased to its node, so no other node's claim can get between its create and its next
    /// transition.
    /// </summary>
    public bool OrdersCreateStarted => true;

    /// <summary>The schema's name (unquoted; quoted in <see cref="PostgresSql.Schema"/>).</summary>
    internal string Schema { get; }

    /// <summary>The connection pool.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>The store's SQL for its schema.</summary>
    internal PostgresSql Sql => _sql;

    /// <summary>Group-commit transactions so far.</summary>
    internal long Commits => _writer.Commits;

    /// <summary>Writes committed by group commit so far.</summary>
    internal long Writes => _writer.Writes;

    /// <summary>The server, database and schema, for messages (no password).</summary>
    internal string Display => _display;

    public async ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.GetJob);
            command.Parameters.Add(PostgresRows.Text(jobId));
            await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await rows.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoreRows.ReadJob(rows) : null;
        }
        catch (NpgsqlException failure)
        {
            throw Fail(failure);
        }
    }

    public ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(jobEvent);
        if (jobEvent.Sequence != expectedSequence + 1 || job.LastSequence != jobEvent.Sequence)
        {
            throw new ArgumentException("The event's sequence must follow the expected one and match the snapshot's.", nameof(jobEvent));
        }

        return new(_writer.WriteAsync(PostgresWrite.Transition(job, jobEvent, expectedSequence), cancellationToken));
    }

    public async ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.ReadEvents);
            command.Parameters.Add(PostgresRows.Text(jobId));
            command.Parameters.Add(PostgresRows.Int64(fromSequence));
            command.Parameters.Add(PostgresRows.Int64(maxCount));
            return await ReadAllAsync(command, StoreRows.ReadEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException failure)
        {
            throw Fail(failure);
        }
    }

    public async ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.List);
            var p = command.Parameters;
            p.Add(PostgresRows.Text(string.IsNullOrEmpty(pageToken) ? null : pageToken));
            p.Add(PostgresRows.Int32(filter.State is { } state ? (int)state : null));
            p.Add(PostgresRows.Text(string.IsNullOrEmpty(filter.Task) ? null : filter.Task));
            p.Add(PostgresRows.Int64(filter.RetainedAt?.UtcTicks));
            p.Add(PostgresRows.Jsonb(StoreRows.Labels(filter.Labels)));
            p.Add(PostgresRows.Text(filter.Tenant));
            p.Add(PostgresRows.Int32(pageSize + 1));
            var jobs = await ReadAllAsync(command, StoreRows.ReadJob, cancellationToken).ConfigureAwait(false);
            if (jobs.Count <= pageSize)
            {
                return new JobPage(jobs, null);
            }

            jobs.RemoveAt(pageSize);
            return new JobPage(jobs, jobs[^1].Id);
        }
        catch (NpgsqlException failure)
        {
            throw Fail(failure);
        }
    }

    public async ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.LoadUnfinished);
            return await ReadAllAsync(command, StoreRows.ReadJob, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException failure)
        {
            throw Fail(failure);
        }
    }

    public async ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            var deleted = 0;
            while (true)
            {
                await using var command = _dataSource.CreateCommand(_sql.DeleteExpired);
                command.Parameters.Add(PostgresRows.Int64(now.UtcTicks));
                var chunk = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                deleted += chunk;
                if (chunk < PostgresSql.DeleteChunk)
                {
                    return deleted;
                }
            }
        }
        catch (NpgsqlException failure)
        {
            throw Fail(failure);
        }
    }

    public ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(owner);
        return new(_writer.WriteAsync(
            PostgresWrite.Statement(jobId, batch =>
            {
                var p = Add(batch, _sql.RenewLease);
                p.Add(PostgresRows.Int64(expiresAt.UtcTicks));
                p.Add(PostgresRows.Text(jobId));
                p.Add(PostgresRows.Text(owner));
            }),
            cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            await _listenSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// The exception to throw for an Npgsql failure (see <see cref="PostgresErrors"/>). When the
    /// connection itself failed (not a statement's error), the pool's idle connections are
    /// dropped too: after a database restart they are all dead, and each would fail one more call.
    /// </summary>
    internal Exception Fail(NpgsqlException failure)
    {
        if (failure is not PostgresException || failure.IsTransient)
        {
            _dataSource.Clear();
        }

        return PostgresErrors.Translate(_display, failure);
    }

    /// <summary>Runs a query and reads every row.</summary>
    internal static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(read(rows));
        }

        return list;
    }

    /// <summary>Adds a statement to a batch and returns its parameters.</summary>
    internal static NpgsqlParameterCollection Add(NpgsqlBatch batch, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        return command.Parameters;
    }
}
