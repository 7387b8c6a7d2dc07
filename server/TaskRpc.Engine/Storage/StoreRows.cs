using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>
/// The durable stores' common row layout (SQLite and PostgreSQL): the jobs and events columns in
/// ordinal order, and snapshots and events read back from any ADO.NET reader by those positions.
/// Payloads are (kind, type URL, bytes) columns; errors, progress, retry policies and labels JSON
/// (<see cref="StoreJson"/>); times UTC ticks; durations ticks. Each store binds its own parameters.
/// </summary>
internal static class StoreRows
{
    /// <summary>The jobs columns in ordinal order.</summary>
    public static readonly string[] JobColumns =
    [
        "id", "task", "state", "args_kind", "args_type", "args", "result_kind", "result_type", "result",
        "error", "progress", "attempt", "max_attempts", "retry", "executor", "priority", "labels",
        "idempotency_key", "created_at", "started_at", "finished_at", "not_before", "execution_timeout",
        "schedule_to_start_timeout", "last_sequence", "expires_at", "lease_owner", "lease_expires_at",
        "tenant", "trace_context",
    ];

    /// <summary>
    /// The jobs columns a transition may change, in this order; the others (id, task, args,
    /// max_attempts, retry, executor, priority, labels, idempotency_key, tenant, trace_context,
    /// created_at and the timeouts) are fixed when the job is created.
    /// </summary>
    public static readonly string[] TransitionColumns =
    [
        "state", "result_kind", "result_type", "result", "error", "progress", "attempt", "started_at",
        "finished_at", "not_before", "last_sequence", "expires_at", "lease_owner", "lease_expires_at",
    ];

    /// <summary>The events columns in ordinal order.</summary>
    public static readonly string[] EventColumns =
    [
        "job_id", "sequence", "time", "state", "attempt", "result_kind", "result_type", "result", "error", "progress",
    ];

    /// <summary>Reads a snapshot from a row of <see cref="JobColumns"/>.</summary>
    public static JobSnapshot ReadJob(DbDataReader row) => new()
    {
        Id = row.GetString(0),
        Task = row.GetString(1),
        State = (JobState)row.GetInt32(2),
        Args = ReadPayload(row, 3) ?? Payload.JsonNull,
        Result = ReadPayload(row, 6),
        Error = ReadJson(row, 9, StoreJson.Default.JobError),
        Progress = ReadJson(row, 10, StoreJson.Default.JobProgress),
        Attempt = row.GetInt32(11),
        MaxAttempts = row.GetInt32(12),
        Retry = ReadJson(row, 13, StoreJson.Default.RetryPolicy),
        Executor = (ExecutorKind)row.GetInt32(14),
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
        Tenant = row.GetString(28),
        TraceContext = row.IsDBNull(29) ? null : row.GetString(29),
    };

    /// <summary>Reads an event from a row of <see cref="EventColumns"/>.</summary>
    public static JobEvent ReadEvent(DbDataReader row) => new()
    {
        JobId = row.GetString(0),
        Sequence = row.GetInt64(1),
        Time = Time(row.GetInt64(2)),
        StateChange = row.IsDBNull(3)
            ? null
            : new JobStateChange((JobState)row.GetInt32(3), row.GetInt32(4), ReadPayload(row, 5), ReadJson(row, 8, StoreJson.Default.JobError)),
        Progress = ReadJson(row, 9, StoreJson.Default.JobProgress),
    };

    /// <summary>The value as JSON text, or null.</summary>
    public static string? Json<T>(T? value, JsonTypeInfo<T> type)
        where T : class => value is null ? null : JsonSerializer.Serialize(value, type);

    /// <summary>The labels as JSON text, or null when there are none.</summary>
    public static string? Labels(IReadOnlyDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0
            ? null
            : JsonSerializer.Serialize(new Dictionary<string, string>(labels, StringComparer.Ordinal), StoreJson.Default.DictionaryStringString);

    private static Payload? ReadPayload(DbDataReader row, int first)
    {
        if (row.IsDBNull(first))
        {
            return null;
        }

        var data = row.IsDBNull(first + 2) ? [] : row.GetFieldValue<byte[]>(first + 2);
        return (PayloadKind)row.GetInt32(first) switch
        {
            PayloadKind.Json => Payload.WrapJsonUtf8(data),
            PayloadKind.Message => Payload.FromMessage(row.GetString(first + 1), data),
            _ => Payload.FromBinary(data),
        };
    }

    private static T? ReadJson<T>(DbDataReader row, int ordinal, JsonTypeInfo<T> type)
        where T : class => row.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(row.GetString(ordinal), type);

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static DateTimeOffset? TimeOrNull(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : Time(row.GetInt64(ordinal));
}
