using Npgsql;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The store's creates: a job without an idempotency key (its row and events in one statement,
/// through the group-commit writer), one with a key (a batch of its own that deletes an expired
/// holder, inserts unless the key is held and reads the holder), and a job created started on
/// the node that submits it (<see cref="ISharedJobStore.CreateStartedAsync"/>).
/// </summary>
internal sealed partial class PostgresJobStore
{
    /// <summary>How often a create retries when the job holding its idempotency key vanished between its insert and its read.</summary>
    private const int KeyRaceAttempts = 16;

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(created);
        if (created.Sequence != 1 || job.LastSequence != 1)
        {
            throw new ArgumentException("A new job starts at sequence 1.", nameof(created));
        }

        return CreateAsync(job, created, null, cancellationToken);
    }

    public ValueTask<CreateJobResult> CreateStartedAsync(JobSnapshot job, JobEvent created, JobEvent started, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(started);
        if (created.Sequence != 1 || started.Sequence != 2 || job.LastSequence != 2 || job.State != JobState.Running)
        {
            throw new ArgumentException("A job created started is Running at sequence 2, after its Queued event (1) and its Running event (2).", nameof(job));
        }

        return CreateAsync(job, created, started, cancellationToken);
    }

    /// <summary>The job row with its first event and, for a job created started, its Running event.</summary>
    private async ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, JobEvent? started, CancellationToken cancellationToken)
    {
        try
        {
            if (job.IdempotencyKey is null)
            {
                var write = PostgresWrite.Create(job, created, started); // One row of its batch's bulk insert, with its events.
                await _writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
                return new CreateJobResult(job, Created: true);
            }

            for (var attempt = 0; attempt < KeyRaceAttempts; attempt++)
            {
                if (await TryCreateWithKeyAsync(job, created, started, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    return result;
                }
            }

            throw new StoreUnavailableException($"The job store {_display} kept losing the job that holds idempotency key '{job.IdempotencyKey}' while reading it; try again.");
        }
        catch (NpgsqlException failure)
        {
            throw Fail(failure);
        }
    }

    /// <summary>
    /// One round trip, one transaction: deletes the key's holder if it expired by the new job's
    /// creation, inserts the job unless the key is held, inserts its event only if it was, and
    /// reads the key's holder (a job created started has its Running event inserted the same way). Null when the holder vanished before it could be read (retry).
    /// </summary>
    private async Task<CreateJobResult?> TryCreateWithKeyAsync(JobSnapshot job, JobEvent created, JobEvent? started, CancellationToken cancellationToken)
    {
        await using var batch = _dataSource.CreateBatch();
        var p = Add(batch, _sql.DeleteExpiredKeyHolder);
        p.Add(PostgresRows.Text(job.Tenant));
        p.Add(PostgresRows.Text(job.IdempotencyKey));
        p.Add(PostgresRows.Int64(job.CreatedAt.UtcTicks));
        PostgresRows.AddJob(Add(batch, _sql.InsertJobUnlessKeyHeld), job);
        PostgresRows.AddEvent(Add(batch, _sql.InsertEventIfJobExists), created);
        if (started is not null)
        {
            PostgresRows.AddEvent(Add(batch, _sql.InsertEventIfJobExists), started);
        }

        p = Add(batch, _sql.FindByKey);
        p.Add(PostgresRows.Text(job.Tenant));
        p.Add(PostgresRows.Text(job.IdempotencyKey));
        JobSnapshot? holder = null;
        await using (var rows = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            do
            {
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    holder = StoreRows.ReadJob(rows);
                }
            }
            while (await rows.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        if (batch.BatchCommands[1].RecordsAffected == 1)
        {
            return new CreateJobResult(job, Created: true);
        }

        return holder is null || holder.ExpiresAt <= job.CreatedAt ? null : new CreateJobResult(holder, Created: false);
    }
}
