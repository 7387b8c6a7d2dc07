using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>Binds snapshots and events to command parameters by the column positions of <see cref="StoreRows"/>, which reads them back.</summary>
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
        p.Text(9, StoreRows.Json(job.Error, StoreJson.Default.JobError));
        p.Text(10, StoreRows.Json(job.Progress, StoreJson.Default.JobProgress));
        p.Int64(11, job.Attempt);
        p.Int64(12, job.MaxAttempts);
        p.Text(13, StoreRows.Json(job.Retry, StoreJson.Default.RetryPolicy));
        p.Int64(14, (int)job.Executor);
        p.Int64(15, job.Priority);
        p.Text(16, StoreRows.Labels(job.Labels));
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
        p.Text(4, StoreRows.Json(job.Error, StoreJson.Default.JobError));
        p.Text(5, StoreRows.Json(job.Progress, StoreJson.Default.JobProgress));
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
        p.Text(first + 8, StoreRows.Json(change?.Error, StoreJson.Default.JobError));
        p.Text(first + 9, StoreRows.Json(jobEvent.Progress, StoreJson.Default.JobProgress));
    }

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

    private static long? Ticks(DateTimeOffset? time) => time?.UtcTicks;
}
