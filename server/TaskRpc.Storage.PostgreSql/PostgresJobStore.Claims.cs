using Npgsql;
using NpgsqlTypes;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The store's cluster part (<see cref="ISharedJobStore"/>): batch claims with
/// <c>FOR UPDATE SKIP LOCKED</c> that write the Running transitions in the same statement (one
/// round trip per claim), stored cancel
/// requests, takeover of expired leases, schedule-to-start deadlines, and the lead row.
/// </summary>
internal sealed partial class PostgresJobStore : ISharedJobStore
{
    private PostgresClusterSql? _clusterSql;

    private PostgresClusterSql ClusterSql => _clusterSql ??= new PostgresClusterSql(_sql);

    /// <summary>The NOTIFY channel: the schema's name, unquoted (what the triggers use, <c>TG_TABLE_SCHEMA</c>).</summary>
    private string Channel => _sql.Schema[1..^1];

    public async ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            // One round trip and one implicit transaction: the claim statement, then the next due time.
            await using var batch = _dataSource.CreateBatch();
            var claim = Add(batch, ClusterSql.Claim);
            AddRunnable(claim, request);
            claim.Add(PostgresRows.Int32(request.MaxCount));
            claim.Add(PostgresRows.Text(request.Owner));
            claim.Add(PostgresRows.Int64(request.LeaseExpiresAt.UtcTicks));
            AddRunnable(Add(batch, ClusterSql.NextDue), request);
            var started = new List<JobSnapshot>();
            DateTimeOffset? nextDue = null;
            await using (var rows = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    started.Add(StoreRows.ReadJob(rows));
                }

                await rows.NextResultAsync(cancellationToken).ConfigureAwait(false);
                if (await rows.ReadAsync(cancellationToken).ConfigureAwait(false) && !rows.IsDBNull(0))
                {
                    nextDue = new DateTimeOffset(rows.GetInt64(0), TimeSpan.Zero);
                }
            }

            return new ClaimResult(started, started.Count < request.MaxCount ? nextDue : null);
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
