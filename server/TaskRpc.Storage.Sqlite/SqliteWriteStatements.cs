using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// The writer connection's prepared statements and the store's write operations on them. Used
/// only by the group-commit loop's thread, inside its batch transaction.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteStatement _insertJob;
    private readonly SqliteStatement _updateJob;
    private readonly SqliteStatement _insertEvent;
    private readonly SqliteStatement _insertTwoEvents;
    private readonly SqliteCommand _findByKey;
    private readonly SqliteCommand _renewLease;
    private readonly SqliteCommand _deleteExpiredEvents;
    private readonly SqliteCommand _deleteExpiredJobs;
    private readonly SqliteCommand _deleteJobEvents;
    private readonly SqliteCommand _deleteJob;

    public SqliteWriteStatements(SqliteConnection connection)
    {
        var columns = SqliteSchema.JobColumns;
        _begin = Prepare(connection, "BEGIN IMMEDIATE");
        _commit = Prepare(connection, "COMMIT");
        _rollback = Prepare(connection, "ROLLBACK");
        // The raw statements' parameters are numbered in the order their names appear: that of SqliteRows' binds.
        _insertJob = new SqliteStatement(connection, $"INSERT INTO jobs ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})");
        var changed = SqliteSchema.TransitionColumns;
        _updateJob = new SqliteStatement(
            connection,
            $"UPDATE jobs SET {string.Join(", ", changed.Select(c => $"{c} = ${c}"))} WHERE id = $id AND last_sequence = $expected");
        var events = SqliteSchema.EventColumns;
        var insertEvents = $"INSERT INTO events ({string.Join(", ", events)}) VALUES ";
        _insertEvent = new SqliteStatement(connection, insertEvents + $"({string.Join(", ", events.Select(c => "$" + c))})");
        _insertTwoEvents = new SqliteStatement(
            connection,
            insertEvents + $"({string.Join(", ", events.Select(c => "$a_" + c))}), ({string.Join(", ", events.Select(c => "$b_" + c))})");
        _findByKey = Prepare(connection, $"{SqliteSchema.JobSelect} WHERE tenant = $tenant AND idempotency_key = $key", ["tenant", "key"]);
        _renewLease = Prepare(
            connection,
            $"UPDATE jobs SET lease_expires_at = $expires WHERE id = $id AND state = {(int)JobState.Running} AND lease_owner = $owner",
            ["expires", "id", "owner"]);
        _deleteExpiredEvents = Prepare(connection, "DELETE FROM events WHERE job_id IN (SELECT id FROM jobs WHERE expires_at <= $now)", ["now"]);
        _deleteExpiredJobs = Prepare(connection, "DELETE FROM jobs WHERE expires_at <= $now", ["now"]);
        _deleteJobEvents = Prepare(connection, "DELETE FROM events WHERE job_id = $id", ["id"]);
        _deleteJob = Prepare(connection, "DELETE FROM jobs WHERE id = $id", ["id"]);
    }

    public void Begin() => _begin.ExecuteNonQuery();

    public void Commit() => _commit.ExecuteNonQuery();

    public void Rollback() => _rollback.ExecuteNonQuery();

    public CreateJobResult Create(JobSnapshot job, JobEvent created)
    {
        if (job.IdempotencyKey is { } key)
        {
            _findByKey.Parameters[0].Value = job.Tenant;
            _findByKey.Parameters[1].Value = key;
            JobSnapshot? holder;
            using (var row = _findByKey.ExecuteReader())
            {
                holder = row.Read() ? StoreRows.ReadJob(row) : null;
            }

            if (holder is not null)
            {
                if (!(holder.ExpiresAt <= job.CreatedAt))
                {
                    return new CreateJobResult(holder, Created: false);
                }

                Delete(holder.Id); // Past its retention: gone, whether or not the sweep has run.
            }
        }

        SqliteRows.BindJob(_insertJob, job);
        _insertJob.Execute();
        SqliteRows.BindEvent(_insertEvent, created);
        _insertEvent.Execute();
        return new CreateJobResult(job, Created: true);
    }

    public bool Apply(JobSnapshot job, JobEvent jobEvent, long expectedSequence)
    {
        SqliteRows.BindTransition(_updateJob, job, expectedSequence);
        if (_updateJob.Execute() == 0)
        {
            return false;
        }

        SqliteRows.BindEvent(_insertEvent, jobEvent);
        _insertEvent.Execute();
        return true;
    }

    /// <summary>
    /// Writes a chain of one job's transitions (see <see cref="PendingApply.Next"/>): one row
    /// update to the last snapshot, guarded by the first one's expected sequence, and every
    /// event. When the guard fails, applies them one by one instead, so each gets exactly the
    /// answer it would have got alone.
    /// </summary>
    public void ApplyChain(PendingApply head)
    {
        var last = head;
        while (last.Next is { } next)
        {
            last = next;
        }

        SqliteRows.BindTransition(_updateJob, last.Job, head.ExpectedSequence);
        if (_updateJob.Execute() == 0)
        {
            for (var write = head; write is not null; write = write.Next)
            {
                write.SetResult(Apply(write.Job, write.Event, write.ExpectedSequence));
            }

            return;
        }

        for (var write = head; write is not null; write = write.Next)
        {
            write.SetResult(true);
            if (write.Next is { } second)
            {
                SqliteRows.BindEvent(_insertTwoEvents, write.Event);
                SqliteRows.BindEvent(_insertTwoEvents, second.Event, SqliteSchema.EventColumns.Length);
                _insertTwoEvents.Execute();
                second.SetResult(true);
                write = second;
            }
            else
            {
                SqliteRows.BindEvent(_insertEvent, write.Event);
                _insertEvent.Execute();
            }
        }
    }

    public bool RenewLease(string jobId, string owner, DateTimeOffset expiresAt)
    {
        var p = _renewLease.Parameters;
        p[0].Value = expiresAt.UtcTicks;
        p[1].Value = jobId;
        p[2].Value = owner;
        return _renewLease.ExecuteNonQuery() == 1;
    }

    public int DeleteExpired(DateTimeOffset now)
    {
        _deleteExpiredEvents.Parameters[0].Value = now.UtcTicks;
        _deleteExpiredJobs.Parameters[0].Value = now.UtcTicks;
        _deleteExpiredEvents.ExecuteNonQuery();
        return _deleteExpiredJobs.ExecuteNonQuery();
    }

    private void Delete(string jobId)
    {
        _deleteJobEvents.Parameters[0].Value = jobId;
        _deleteJobEvents.ExecuteNonQuery();
        _deleteJob.Parameters[0].Value = jobId;
        _deleteJob.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in new[] { _begin, _commit, _rollback, _findByKey, _renewLease, _deleteExpiredEvents, _deleteExpiredJobs, _deleteJobEvents, _deleteJob })
        {
            command.Dispose();
        }

        foreach (var statement in new[] { _insertJob, _updateJob, _insertEvent, _insertTwoEvents })
        {
            statement.Dispose();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, IEnumerable<string>? parameters = null)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL built from this store's constant column names only; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        if (parameters is not null)
        {
            SqliteRows.AddParameters(command, parameters);
        }

        return command;
    }
}
