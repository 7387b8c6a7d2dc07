using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.Sqlite;

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

    /// <summary>Sets parameters 0 … 27 to the snapshot's columns.</summary>
    public static void BindJob(SqliteCommand command, JobSnapshot job)
    {
        var p = command.Parameters;
        p[0].Value = job.Id;
        p[1].Value = job.Task;
        p[2].Value = (int)job.State;
        BindPayload(p, 3, job.Args);
        BindPayload(p, 6, job.Result);
        p[9].Value = Json(job.Error, SqliteJson.Default.JobError);
        p[10].Value = Json(job.Progress, SqliteJson.Default.JobProgress);
        p[11].Value = job.Attempt;
        p[12].Value = job.MaxAttempts;
        p[13].Value = Json(job.Retry, SqliteJson.Default.RetryPolicy);
        p[14].Value = (int)job.Executor;
        p[15].Value = job.Priority;
        p[16].Value = job.Labels.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(new Dictionary<string, string>(job.Labels, StringComparer.Ordinal), SqliteJson.Default.DictionaryStringString);
        p[17].Value = (object?)job.IdempotencyKey ?? DBNull.Value;
        p[18].Value = job.CreatedAt.UtcTicks;
        p[19].Value = Ticks(job.StartedAt);
        p[20].Value = Ticks(job.FinishedAt);
        p[21].Value = Ticks(job.NotBefore);
        p[22].Value = (object?)job.ExecutionTimeout?.Ticks ?? DBNull.Value;
        p[23].Value = (object?)job.ScheduleToStartTimeout?.Ticks ?? DBNull.Value;
        p[24].Value = job.LastSequence;
        p[25].Value = Ticks(job.ExpiresAt);
        p[26].Value = (object?)job.LeaseOwner ?? DBNull.Value;
        p[27].Value = Ticks(job.LeaseExpiresAt);
    }

    /// <summary>
    /// Sets the parameters of <see cref="SqliteSchema.TransitionColumns"/> (0 … 13), then id
    /// (14) and the expected sequence (15): a transition's row update, which leaves the columns
    /// fixed at creation (task, args, retry, labels, …) alone.
    /// </summary>
    public static void BindTransition(SqliteCommand command, JobSnapshot job, long expectedSequence)
    {
        var p = command.Parameters;
        p[0].Value = (int)job.State;
        BindPayload(p, 1, job.Result);
        p[4].Value = Json(job.Error, SqliteJson.Default.JobError);
        p[5].Value = Json(job.Progress, SqliteJson.Default.JobProgress);
        p[6].Value = job.Attempt;
        p[7].Value = Ticks(job.StartedAt);
        p[8].Value = Ticks(job.FinishedAt);
        p[9].Value = Ticks(job.NotBefore);
        p[10].Value = job.LastSequence;
        p[11].Value = Ticks(job.ExpiresAt);
        p[12].Value = (object?)job.LeaseOwner ?? DBNull.Value;
        p[13].Value = Ticks(job.LeaseExpiresAt);
        p[14].Value = job.Id;
        p[15].Value = expectedSequence;
    }

    /// <summary>Reads a snapshot from a row of <see cref="SqliteSchema.JobSelect"/>.</summary>
    public static JobSnapshot ReadJob(SqliteDataReader row) => new()
    {
        Id = row.GetString(0),
        Task = row.GetString(1),
        State = (JobState)row.GetInt32(2),
        Args = ReadPayload(row, 3) ?? Payload.JsonNull,
        Result = ReadPayload(row, 6),
        Error = ReadJson(row, 9, SqliteJson.Default.JobError),
        Progress = ReadJson(row, 10, SqliteJson.Default.JobProgress),
        Attempt = row.GetInt32(11),
        MaxAttempts = row.GetInt32(12),
        Retry = ReadJson(row, 13, SqliteJson.Default.RetryPolicy),
        Executor = (ExecutorKind)row.GetInt32(14),
        Priority = row.GetInt32(15),
        Labels = ReadJson(row, 16, SqliteJson.Default.DictionaryStringString) ?? JobSnapshot.EmptyLabels,
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

    /// <summary>Sets parameters <paramref name="first"/> … <paramref name="first"/> + 9 to the event's columns.</summary>
    public static void BindEvent(SqliteCommand command, JobEvent jobEvent, int first = 0)
    {
        var p = command.Parameters;
        var change = jobEvent.StateChange;
        p[first].Value = jobEvent.JobId;
        p[first + 1].Value = jobEvent.Sequence;
        p[first + 2].Value = jobEvent.Time.UtcTicks;
        p[first + 3].Value = change is null ? DBNull.Value : (int)change.State;
        p[first + 4].Value = change is null ? DBNull.Value : change.Attempt;
        BindPayload(p, first + 5, change?.Result);
        p[first + 8].Value = Json(change?.Error, SqliteJson.Default.JobError);
        p[first + 9].Value = Json(jobEvent.Progress, SqliteJson.Default.JobProgress);
    }

    /// <summary>Reads an event from a row of <see cref="SqliteSchema.EventSelect"/>.</summary>
    public static JobEvent ReadEvent(SqliteDataReader row) => new()
    {
        JobId = row.GetString(0),
        Sequence = row.GetInt64(1),
        Time = Time(row.GetInt64(2)),
        StateChange = row.IsDBNull(3)
            ? null
            : new JobStateChange((JobState)row.GetInt32(3), row.GetInt32(4), ReadPayload(row, 5), ReadJson(row, 8, SqliteJson.Default.JobError)),
        Progress = ReadJson(row, 9, SqliteJson.Default.JobProgress),
    };

    private static void BindPayload(SqliteParameterCollection p, int first, Payload? payload)
    {
        p[first].Value = payload is null ? DBNull.Value : (int)payload.Kind;
        p[first + 1].Value = (object?)payload?.TypeUrl ?? DBNull.Value;
        p[first + 2].Value = payload is null ? DBNull.Value : Bytes(payload.Data);
    }

    /// <summary>The payload's bytes: its own array when it spans one whole (payloads are immutable), else a copy.</summary>
    private static byte[] Bytes(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

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

    private static object Json<T>(T? value, JsonTypeInfo<T> type)
        where T : class => value is null ? DBNull.Value : JsonSerializer.Serialize(value, type);

    private static T? ReadJson<T>(SqliteDataReader row, int ordinal, JsonTypeInfo<T> type)
        where T : class => row.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(row.GetString(ordinal), type);

    private static object Ticks(DateTimeOffset? time) => time is { } t ? t.UtcTicks : DBNull.Value;

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static DateTimeOffset? TimeOrNull(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : Time(row.GetInt64(ordinal));
}
