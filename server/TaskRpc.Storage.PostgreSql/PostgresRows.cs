using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Npgsql;
using NpgsqlTypes;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>Binds snapshots and events as positional parameters and reads them back, by the column positions of <see cref="PostgresSql"/>.</summary>
internal static class PostgresRows
{
    /// <summary>Adds the snapshot's columns (<see cref="PostgresSql.JobColumns"/>) as the next parameters.</summary>
    public static void AddJob(NpgsqlParameterCollection p, JobSnapshot job)
    {
        p.Add(Text(job.Id));
        p.Add(Text(job.Task));
        p.Add(Int16((int)job.State));
        AddPayload(p, job.Args);
        AddPayload(p, job.Result);
        p.Add(Jsonb(Json(job.Error, StoreJson.Default.JobError)));
        p.Add(Jsonb(Json(job.Progress, StoreJson.Default.JobProgress)));
        p.Add(Int32(job.Attempt));
        p.Add(Int32(job.MaxAttempts));
        p.Add(Jsonb(Json(job.Retry, StoreJson.Default.RetryPolicy)));
        p.Add(Int16((int)job.Executor));
        p.Add(Int32(job.Priority));
        p.Add(Jsonb(Labels(job.Labels)));
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
    }

    /// <summary>
    /// Adds <see cref="PostgresSql.TransitionColumns"/>, then id and the expected sequence: the
    /// row update of <see cref="PostgresSql.Apply"/>, which leaves the columns fixed at creation alone.
    /// </summary>
    public static void AddTransition(NpgsqlParameterCollection p, JobSnapshot job, long expectedSequence)
    {
        p.Add(Int16((int)job.State));
        AddPayload(p, job.Result);
        p.Add(Jsonb(Json(job.Error, StoreJson.Default.JobError)));
        p.Add(Jsonb(Json(job.Progress, StoreJson.Default.JobProgress)));
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

    /// <summary>Adds the event's columns (<see cref="PostgresSql.EventColumns"/>) as the next parameters.</summary>
    public static void AddEvent(NpgsqlParameterCollection p, JobEvent jobEvent)
    {
        var change = jobEvent.StateChange;
        p.Add(Text(jobEvent.JobId));
        p.Add(Int64(jobEvent.Sequence));
        p.Add(Int64(jobEvent.Time.UtcTicks));
        p.Add(Int16(change is null ? null : (int)change.State));
        p.Add(Int32(change?.Attempt));
        AddPayload(p, change?.Result);
        p.Add(Jsonb(Json(change?.Error, StoreJson.Default.JobError)));
        p.Add(Jsonb(Json(jobEvent.Progress, StoreJson.Default.JobProgress)));
    }

    /// <summary>Reads a snapshot from a row of <see cref="PostgresSql.JobSelect"/>.</summary>
    public static JobSnapshot ReadJob(NpgsqlDataReader row) => new()
    {
        Id = row.GetString(0),
        Task = row.GetString(1),
        State = (JobState)row.GetInt16(2),
        Args = ReadPayload(row, 3) ?? Payload.JsonNull,
        Result = ReadPayload(row, 6),
        Error = ReadJson(row, 9, StoreJson.Default.JobError),
        Progress = ReadJson(row, 10, StoreJson.Default.JobProgress),
        Attempt = row.GetInt32(11),
        MaxAttempts = row.GetInt32(12),
        Retry = ReadJson(row, 13, StoreJson.Default.RetryPolicy),
        Executor = (ExecutorKind)row.GetInt16(14),
        Priority = row.GetInt32(15),
        Labels = ReadJson(row, 16, StoreJson.Default.DictionaryStringString) ?? JobSnapshot.EmptyLabels,
        IdempotencyKey = row.IsDBNull(17) ? null : row.GetString(17),
        CreatedAt = Time(row.GetInt64(18)),
        StartedAt = TimeOrNull(row, 19),
        FinishedAt = TimeOrNull(row, 20),
        NotBefore = TimeOrNull(row, 21),
        ExecutionTimeout = row.IsDBNull(22) ? null : TimeSpan.FromTicks(row.GetInt64(22)),
        ScheduleToStartTimeout = row.IsDBNull(23) ? null : TimeSpan.FromTicks(row.GetInt64(23)),
        LastSequence = row.GetInt64(24),
        ExpiresAt = TimeOrNull(row, 25),
        LeaseOwner = row.IsDBNull(26) ? null : row.GetString(26),
        LeaseExpiresAt = TimeOrNull(row, 27),
    };

    /// <summary>Reads an event from a row of <see cref="PostgresSql.EventSelect"/>.</summary>
    public static JobEvent ReadEvent(NpgsqlDataReader row) => new()
    {
        JobId = row.GetString(0),
        Sequence = row.GetInt64(1),
        Time = Time(row.GetInt64(2)),
        StateChange = row.IsDBNull(3)
            ? null
            : new JobStateChange((JobState)row.GetInt16(3), row.GetInt32(4), ReadPayload(row, 5), ReadJson(row, 8, StoreJson.Default.JobError)),
        Progress = ReadJson(row, 9, StoreJson.Default.JobProgress),
    };

    /// <summary>The labels as jsonb text, or null when there are none.</summary>
    public static string? Labels(IReadOnlyDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0
            ? null
            : JsonSerializer.Serialize(new Dictionary<string, string>(labels, StringComparer.Ordinal), StoreJson.Default.DictionaryStringString);

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Jsonb(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Int16(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Smallint, Value = value is { } v ? (short)v : DBNull.Value };

    public static NpgsqlParameter Int32(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value is { } v ? v : DBNull.Value };

    public static NpgsqlParameter Int64(long? value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } v ? v : DBNull.Value };

    private static void AddPayload(NpgsqlParameterCollection p, Payload? payload)
    {
        p.Add(Int16(payload is null ? null : (int)payload.Kind));
        p.Add(Text(payload?.TypeUrl));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = payload is null ? DBNull.Value : payload.Data });
    }

    private static Payload? ReadPayload(NpgsqlDataReader row, int first)
    {
        if (row.IsDBNull(first))
        {
            return null;
        }

        var data = row.IsDBNull(first + 2) ? [] : row.GetFieldValue<byte[]>(first + 2);
        return (PayloadKind)row.GetInt16(first) switch
        {
            PayloadKind.Json => Payload.WrapJsonUtf8(data),
            PayloadKind.Message => Payload.FromMessage(row.GetString(first + 1), data),
            _ => Payload.FromBinary(data),
        };
    }

    private static string? Json<T>(T? value, JsonTypeInfo<T> type)
        where T : class => value is null ? null : JsonSerializer.Serialize(value, type);

    private static T? ReadJson<T>(NpgsqlDataReader row, int ordinal, JsonTypeInfo<T> type)
        where T : class => row.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(row.GetString(ordinal), type);

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : Time(row.GetInt64(ordinal));
}
