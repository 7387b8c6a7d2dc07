using Npgsql;
using NpgsqlTypes;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>Binds snapshots and events as positional parameters, by the column positions of <see cref="StoreRows"/>, which reads them back.</summary>
internal static class PostgresRows
{
    /// <summary>Adds the snapshot's columns (<see cref="StoreRows.JobColumns"/>) as the next parameters.</summary>
    public static void AddJob(NpgsqlParameterCollection p, JobSnapshot job) => WriteJob(new PostgresParameterRow(p), job);

    /// <summary>Adds the event's columns (<see cref="StoreRows.EventColumns"/>) as the next parameters.</summary>
    public static void AddEvent(NpgsqlParameterCollection p, JobEvent jobEvent) => WriteEvent(new PostgresParameterRow(p), jobEvent);

    /// <summary>Writes the snapshot's columns (<see cref="StoreRows.JobColumns"/>) in order.</summary>
    public static void WriteJob<TRow>(TRow row, JobSnapshot job)
        where TRow : IPostgresRow
    {
        row.Text(job.Id);
        row.Text(job.Task);
        row.Int32((int)job.State);
        WritePayload(row, job.Args);
        WritePayload(row, job.Result);
        row.Jsonb(StoreRows.Json(job.Error, StoreJson.Default.JobError));
        row.Jsonb(StoreRows.Json(job.Progress, StoreJson.Default.JobProgress));
        row.Int32(job.Attempt);
        row.Int32(job.MaxAttempts);
        row.Jsonb(StoreRows.Json(job.Retry, StoreJson.Default.RetryPolicy));
        row.Int32((int)job.Executor);
        row.Int32(job.Priority);
        row.Jsonb(StoreRows.Labels(job.Labels));
        row.Text(job.IdempotencyKey);
        row.Int64(job.CreatedAt.UtcTicks);
        row.Int64(job.StartedAt?.UtcTicks);
        row.Int64(job.FinishedAt?.UtcTicks);
        row.Int64(job.NotBefore?.UtcTicks);
        row.Int64(job.ExecutionTimeout?.Ticks);
        row.Int64(job.ScheduleToStartTimeout?.Ticks);
        row.Int64(job.LastSequence);
        row.Int64(job.ExpiresAt?.UtcTicks);
        row.Text(job.LeaseOwner);
        row.Int64(job.LeaseExpiresAt?.UtcTicks);
        row.Text(job.Tenant);
        row.Text(job.TraceContext);
    }

    /// <summary>
    /// Writes <see cref="StoreRows.TransitionColumns"/>, then id and the expected sequence: a
    /// transition's row update (<see cref="PostgresWriteBatch"/>), which leaves the columns fixed at creation alone.
    /// </summary>
    public static void WriteTransition<TRow>(TRow row, JobSnapshot job, long expectedSequence)
        where TRow : IPostgresRow
    {
        row.Int32((int)job.State);
        WritePayload(row, job.Result);
        row.Jsonb(StoreRows.Json(job.Error, StoreJson.Default.JobError));
        row.Jsonb(StoreRows.Json(job.Progress, StoreJson.Default.JobProgress));
        row.Int32(job.Attempt);
        row.Int64(job.StartedAt?.UtcTicks);
        row.Int64(job.FinishedAt?.UtcTicks);
        row.Int64(job.NotBefore?.UtcTicks);
        row.Int64(job.LastSequence);
        row.Int64(job.ExpiresAt?.UtcTicks);
        row.Text(job.LeaseOwner);
        row.Int64(job.LeaseExpiresAt?.UtcTicks);
        row.Text(job.Id);
        row.Int64(expectedSequence);
    }

    /// <summary>Writes the event's columns (<see cref="StoreRows.EventColumns"/>) in order.</summary>
    public static void WriteEvent<TRow>(TRow row, JobEvent jobEvent)
        where TRow : IPostgresRow
    {
        var change = jobEvent.StateChange;
        row.Text(jobEvent.JobId);
        row.Int64(jobEvent.Sequence);
        row.Int64(jobEvent.Time.UtcTicks);
        row.Int32(change is null ? null : (int)change.State);
        row.Int32(change?.Attempt);
        WritePayload(row, change?.Result);
        row.Jsonb(StoreRows.Json(change?.Error, StoreJson.Default.JobError));
        row.Jsonb(StoreRows.Json(jobEvent.Progress, StoreJson.Default.JobProgress));
    }

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Jsonb(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Int32(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value is { } v ? v : DBNull.Value };

    public static NpgsqlParameter Int64(long? value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } v ? v : DBNull.Value };

    private static void WritePayload<TRow>(TRow row, Payload? payload)
        where TRow : IPostgresRow
    {
        row.Int32(payload is null ? null : (int)payload.Kind);
        row.Text(payload?.TypeUrl);
        row.Bytea(payload?.Data);
    }
}
