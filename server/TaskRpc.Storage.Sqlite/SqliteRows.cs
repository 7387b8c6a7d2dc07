using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>Binds snapshots and events to command parameters and reads them back, by the column positions of <see cref="SqliteSchema"/>.</summary>
internal static class SqliteRows
{
    /// <summary>Adds one parameter per name (<c>$column</c>), in order, to a command whose SQL uses them.</summary>
    public static void AddParameters(SqliteCommand command, IEnumerable<string> columns)
    {
        foreach (var column in columns)
        {
            command.Parameters.Add(new SqliteParameter("$" + column, null));
        }
    }

    /// <summary>Binds parameters 0 … 29 to the snapshot's columns.</summary>
    public static void BindJob(SqliteStatement p, JobSnapshot job)
    {
        p.Text(0, job.Id);
        p.Text(1, job.Task);
        p.Int64(2, (int)job.State);
        BindPayload(p, 3, job.Args);
        BindPayload(p, 6, job.Result);
        p.Text(9, Json(job.Error, StoreJson.Default.JobError));
        p.Text(10, Json(job.Progress, StoreJson.Default.JobProgress));
        p.Int64(11, job.Attempt);
        p.Int64(12, job.MaxAttempts);
        p.Text(13, Json(job.Retry, StoreJson.Default.RetryPolicy));
        p.Int64(14, (int)job.Executor);
        p.Int64(15, job.Priority);
        p.Text(16, job.Labels.Count == 0 ? null : JsonSerializer.Serialize(new Dictionary<string, string>(job.Labels, StringComparer.Ordinal), StoreJson.Default.DictionaryStringString));
        p.Text(17, job.IdempotencyKey);
        p.Int64(18, job.CreatedAt.UtcTicks);
        p.Int64(19, Ticks(job.StartedAt));
        p.Int64(20, Ticks(job.FinishedAt));
        p.Int64(21, Ticks(job.NotBefore));
        p.Int64(22, job.ExecutionTimeout?.Ticks);
        p.Int64(23, job.ScheduleToStartTimeout?.Ticks);
        p.Int64(24, job.LastSequence);
        p.Int64(25, Ticks(job.ExpiresAt));
        p.Text(26, job.LeaseOwner);
        p.Int64(27, Ticks(job.LeaseExpiresAt));
        p.Text(28, job.Tenant);
        p.Text(29, job.TraceContext);
    }

    /// <summary>
    /// Binds the parameters of <see cref="SqliteSchema.TransitionColumns"/> (0 … 13), then id
    /// (14) and the expected sequence (15): a transition's row update, which leaves the columns
    /// fixed at creation (task, args, retry, labels, …) alone.
    /// </summary>
    public static void BindTransition(SqliteStatement p, JobSnapshot job, long expectedSequence)
    {
        p.Int64(0, (int)job.State);
        BindPayload(p, 1, job.Result);
        p.Text(4, Json(job.Error, StoreJson.Default.JobError));
        p.Text(5, Json(job.Progress, StoreJson.Default.JobProgress));
        p.Int64(6, job.Attempt);
        p.Int64(7, Ticks(job.StartedAt));
        p.Int64(8, Ticks(job.FinishedAt));
        p.Int64(9, Ticks(job.NotBefore));
        p.Int64(10, job.LastSequence);
        p.Int64(11, Ticks(job.ExpiresAt));
        p.Text(12, job.LeaseOwner);
        p.Int64(13, Ticks(job.LeaseExpiresAt));
        p.Text(14, job.Id);
        p.Int64(15, expectedSequence);
    }

    /// <summary>Reads a snapshot from a row of <see cref="SqliteSchema.JobSelect"/>.</summary>
    public static JobSnapshot ReadJob(SqliteDataReader row) => new()
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

    /// <summary>Binds parameters <paramref name="first"/> … <paramref name="first"/> + 9 to the event's columns.</summary>
    public static void BindEvent(SqliteStatement p, JobEvent jobEvent, int first = 0)
    {
        var change = jobEvent.StateChange;
        p.Text(first, jobEvent.JobId);
        p.Int64(first + 1, jobEvent.Sequence);
        p.Int64(first + 2, jobEvent.Time.UtcTicks);
        p.Int64(first + 3, change is null ? null : (int)change.State);
        p.Int64(first + 4, change?.Attempt);
        BindPayload(p, first + 5, change?.Result);
        p.Text(first + 8, Json(change?.Error, StoreJson.Default.JobError));
        p.Text(first + 9, Json(jobEvent.Progress, StoreJson.Default.JobProgress));
    }

    /// <summary>Reads an event from a row of <see cref="SqliteSchema.EventSelect"/>.</summary>
    public static JobEvent ReadEvent(SqliteDataReader row) => new()
    {
        JobId = row.GetString(0),
        Sequence = row.GetInt64(1),
        Time = Time(row.GetInt64(2)),
        StateChange = row.IsDBNull(3)
            ? null
            : new JobStateChange((JobState)row.GetInt32(3), row.GetInt32(4), ReadPayload(row, 5), ReadJson(row, 8, StoreJson.Default.JobError)),
        Progress = ReadJson(row, 9, StoreJson.Default.JobProgress),
    };

    private static void BindPayload(SqliteStatement p, int first, Payload? payload)
    {
        if (payload is null)
        {
            p.Null(first);
            p.Null(first + 1);
            p.Null(first + 2);
            return;
        }

        p.Int64(first, (int)payload.Kind);
        p.Text(first + 1, payload.TypeUrl);
        p.Blob(first + 2, payload.Data.Span);
    }

    private static Payload? ReadPayload(SqliteDataReader row, int first)
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

    private static string? Json<T>(T? value, JsonTypeInfo<T> type)
        where T : class => value is null ? null : JsonSerializer.Serialize(value, type);

    private static T? ReadJson<T>(SqliteDataReader row, int ordinal, JsonTypeInfo<T> type)
        where T : class => row.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(row.GetString(ordinal), type);

    private static long? Ticks(DateTimeOffset? time) => time?.UtcTicks;

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static DateTimeOffset? TimeOrNull(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : Time(row.GetInt64(ordinal));
}
