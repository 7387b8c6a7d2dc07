using Npgsql;
using NpgsqlTypes;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>Binds snapshots and events as positional parameters, by the column positions of <see cref="StoreRows"/>, which reads them back.</summary>
internal static class PostgresRows
{
    /// <summary>Adds the snapshot's columns (<see cref="StoreRows.JobColumns"/>) as the next parameters.</summary>
    public static void AddJob(NpgsqlParameterCollection p, JobSnapshot job)
    {
        p.Add(Text(job.Id));
        p.Add(Text(job.Task));
        p.Add(Int32((int)job.State));
        AddPayload(p, job.Args);
        AddPayload(p, job.Result);
        p.Add(Jsonb(StoreRows.Json(job.Error, StoreJson.Default.JobError)));
        p.Add(Jsonb(StoreRows.Json(job.Progress, StoreJson.Default.JobProgress)));
        p.Add(Int32(job.Attempt));
        p.Add(Int32(job.MaxAttempts));
        p.Add(Jsonb(StoreRows.Json(job.Retry, StoreJson.Default.RetryPolicy)));
        p.Add(Int32((int)job.Executor));
        p.Add(Int32(job.Priority));
        p.Add(Jsonb(StoreRows.Labels(job.Labels)));
        p.Add(Text(job.IdempotencyKey));
        p.Add(Int64(job.CreatedAt.UtcTicks));
        p.Add(Int64(job.StartedAt?.UtcTicks));
        p.Add(Int64(job.FinishedAt?.UtcTicks));
        p.Add(Int64(job.NotBefore?.UtcTicks));
        p.Add(Int64(job.ExecutionTimeout?.Ticks));
        p.Add(Int64(job.ScheduleToStartTimeout?.Ticks));
        p.Add(Int64(job.LastSequence));
        p.Add(Int64(job.ExpiresAt?.UtcTicks));
        p.Add(Text(job.LeaseOwner));
        p.Add(Int64(job.LeaseExpiresAt?.UtcTicks));
        p.Add(Text(job.Tenant));
        p.Add(Text(job.TraceContext));
    }

    /// <summary>
    /// Adds <see cref="StoreRows.TransitionColumns"/>, then id and the expected sequence: the
    /// row update of <see cref="PostgresSql.Apply"/>, which leaves the columns fixed at creation alone.
    /// </summary>
    public static void AddTransition(NpgsqlParameterCollection p, JobSnapshot job, long expectedSequence)
    {
        p.Add(Int32((int)job.State));
        AddPayload(p, job.Result);
        p.Add(Jsonb(StoreRows.Json(job.Error, StoreJson.Default.JobError)));
        p.Add(Jsonb(StoreRows.Json(job.Progress, StoreJson.Default.JobProgress)));
        p.Add(Int32(job.Attempt));
        p.Add(Int64(job.StartedAt?.UtcTicks));
        p.Add(Int64(job.FinishedAt?.UtcTicks));
        p.Add(Int64(job.NotBefore?.UtcTicks));
        p.Add(Int64(job.LastSequence));
        p.Add(Int64(job.ExpiresAt?.UtcTicks));
        p.Add(Text(job.LeaseOwner));
        p.Add(Int64(job.LeaseExpiresAt?.UtcTicks));
        p.Add(Text(job.Id));
        p.Add(Int64(expectedSequence));
    }

    /// <summary>Adds the event's columns (<see cref="StoreRows.EventColumns"/>) as the next parameters.</summary>
    public static void AddEvent(NpgsqlParameterCollection p, JobEvent jobEvent)
    {
        var change = jobEvent.StateChange;
        p.Add(Text(jobEvent.JobId));
        p.Add(Int64(jobEvent.Sequence));
        p.Add(Int64(jobEvent.Time.UtcTicks));
        p.Add(Int32(change is null ? null : (int)change.State));
        p.Add(Int32(change?.Attempt));
        AddPayload(p, change?.Result);
        p.Add(Jsonb(StoreRows.Json(change?.Error, StoreJson.Default.JobError)));
        p.Add(Jsonb(StoreRows.Json(jobEvent.Progress, StoreJson.Default.JobProgress)));
    }

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Jsonb(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Int32(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value is { } v ? v : DBNull.Value };

    public static NpgsqlParameter Int64(long? value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } v ? v : DBNull.Value };

    private static void AddPayload(NpgsqlParameterCollection p, Payload? payload)
    {
        p.Add(Int32(payload is null ? null : (int)payload.Kind));
        p.Add(Text(payload?.TypeUrl));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = payload is null ? DBNull.Value : payload.Data });
    }
}
