using Npgsql;
using NpgsqlTypes;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The store's cluster part (<see cref="ISharedJobStore"/>): batch claims with
/// <c>FOR UPDATE SKIP LOCKED</c> whose writes are the engine's Running transitions, stored cancel
/// requests, takeover of expired leases, schedule-to-start deadlines, and the lead row.
/// </summary>
internal sealed partial class PostgresJobStore : ISharedJobStore
{
    private PostgresClusterSql? _clusterSql;

    private PostgresClusterSql ClusterSql => _clusterSql ??= new PostgresClusterSql(_sql);

    /// <summary>The NOTIFY channel: the schema's name, unquoted (what the triggers use, <c>TG_TABLE_SCHEMA</c>).</summary>
    private string Channel => _sql.Schema[1..^1];

    public async ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, Func<JobSnapshot, JobTransition> start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            List<JobSnapshot> locked;
            await using (var claim = new NpgsqlCommand(ClusterSql.Claim, connection, transaction))
            {
                AddRunnable(claim.Parameters, request);
                claim.Parameters.Add(PostgresRows.Int32(request.MaxCount));
                locked = await ReadAllAsync(claim, StoreRows.ReadJob, cancellationToken).ConfigureAwait(false);
            }

            var started = new List<JobSnapshot>(locked.Count);
            DateTimeOffset? nextDue = null;
            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                foreach (var job in locked)
                {
                    var transition = start(job);
                    var p = Add(batch, _sql.Apply);
                    PostgresRows.AddTransition(p, transition.Job, job.LastSequence);
                    PostgresRows.AddEvent(p, transition.Event);
                    started.Add(transition.Job);
                }

                if (locked.Count < request.MaxCount)
                {
                    AddRunnable(Add(batch, ClusterSql.NextDue), request);
                }

                if (batch.BatchCommands.Count > 0)
                {
                    await using var rows = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    do
                    {
                        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            nextDue = rows.IsDBNull(0) ? null : new DateTimeOffset(rows.GetInt64(0), TimeSpan.Zero);
                        }
                    }
                    while (await rows.NextResultAsync(cancellationToken).ConfigureAwait(false));
                }

                for (var i = locked.Count - 1; i >= 0; i--)
                {
                    if (batch.BatchCommands[i].RecordsAffected != 1)
                    {
                        started.RemoveAt(i); // Cannot happen to a row this transaction locked; never report a claim that was not written.
                    }
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ClaimResult(started, nextDue);
        }
        catch (NpgsqlException failure)
        {
            throw PostgresErrors.Translate(_display, failure);
        }
    }

    public async ValueTask<bool> RequestCancelAsync(string jobId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        try
        {
            await using var command = _dataSource.CreateCommand(ClusterSql.RequestCancel);
            command.Parameters.Add(PostgresRows.Text(jobId));
            command.Parameters.Add(PostgresRows.Text(reason));
            command.Parameters.Add(PostgresRows.Text(Channel));
            await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await rows.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException failure)
        {
            throw PostgresErrors.Translate(_display, failure);
        }
    }

    public async ValueTask<IReadOnlyList<CancelRequest>> ReadCancelRequestsAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        try
        {
            await using var command = _dataSource.CreateCommand(ClusterSql.ReadCancelRequests);
            command.Parameters.Add(PostgresRows.Text(owner));
            return await ReadAllAsync(command, static row => new CancelRequest(row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1)), cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException failure)
        {
            throw PostgresErrors.Translate(_display, failure);
        }
    }

    public async ValueTask<IReadOnlyList<JobSnapshot>> FindAbandonedAsync(DateTimeOffset now, string? formerOwner, int maxCount, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(ClusterSql.FindAbandoned);
            command.Parameters.Add(PostgresRows.Int64(now.UtcTicks));
            command.Parameters.Add(PostgresRows.Text(formerOwner));
            command.Parameters.Add(PostgresRows.Int32(maxCount));
            return await ReadAllAsync(command, StoreRows.ReadJob, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException failure)
        {
            throw PostgresErrors.Translate(_display, failure);
        }
    }

    public async ValueTask<IReadOnlyList<JobSnapshot>> FindStartOverdueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(ClusterSql.FindStartOverdue);
            command.Parameters.Add(PostgresRows.Int64(now.UtcTicks));
            command.Parameters.Add(PostgresRows.Int32(maxCount));
            return await ReadAllAsync(command, StoreRows.ReadJob, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException failure)
        {
            throw PostgresErrors.Translate(_display, failure);
        }
    }

    public async ValueTask<bool> TryLeadAsync(string owner, DateTimeOffset now, TimeSpan term, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        try
        {
            await using var command = _dataSource.CreateCommand(ClusterSql.Lead);
            command.Parameters.Add(PostgresRows.Text(owner));
            command.Parameters.Add(PostgresRows.Int64(now.UtcTicks));
            command.Parameters.Add(PostgresRows.Int64((now + term).UtcTicks));
            await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await rows.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException failure)
        {
            throw PostgresErrors.Translate(_display, failure);
        }
    }

    /// <summary>Binds $1 executor, $2 tasks, $3 now.</summary>
    private static void AddRunnable(NpgsqlParameterCollection p, ClaimRequest request)
    {
        p.Add(PostgresRows.Int32((int)request.Executor));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = request.Tasks as string[] ?? [.. request.Tasks] });
        p.Add(PostgresRows.Int64(request.Now.UtcTicks));
    }
}
