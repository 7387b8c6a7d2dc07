using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The store's SQL for one schema, built once: statements with positional parameters ($1 …) in
/// the order <see cref="PostgresRows"/> binds them. Partial files of the store (claims,
/// notifications) add theirs on <see cref="Schema"/> and the column lists.
/// </summary>
internal sealed class PostgresSql
{
    /// <summary>How many jobs one retention sweep statement deletes at most; the sweep repeats until fewer are left.</summary>
    public const int DeleteChunk = 5000;

    public PostgresSql(string schema)
    {
        Schema = PostgresSchema.Quote(schema);
        var jobs = $"{Schema}.jobs";
        var events = $"{Schema}.events";
        var jobColumns = string.Join(", ", StoreRows.JobColumns);
        var eventColumns = string.Join(", ", StoreRows.EventColumns);
        JobSelect = $"SELECT {jobColumns} FROM {jobs}";
        EventSelect = $"SELECT {eventColumns} FROM {events}";
        var insertJob = $"INSERT INTO {jobs} ({jobColumns}) VALUES ({Parameters(1, StoreRows.JobColumns.Length)})";
        var events1 = $"({Parameters(StoreRows.JobColumns.Length + 1, StoreRows.EventColumns.Length)})";
        var events2 = $"{events1}, ({Parameters(StoreRows.JobColumns.Length + StoreRows.EventColumns.Length + 1, StoreRows.EventColumns.Length)})";
        InsertJobWithEvent = $"WITH j AS ({insertJob}) INSERT INTO {events} ({eventColumns}) VALUES {events1}";
        InsertJobWithTwoEvents = $"WITH j AS ({insertJob}) INSERT INTO {events} ({eventColumns}) VALUES {events2}";
        InsertJobUnlessKeyHeld = insertJob + " ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";
        InsertEventIfJobExists = $"INSERT INTO {events} ({eventColumns}) SELECT {Parameters(1, StoreRows.EventColumns.Length)} WHERE EXISTS (SELECT 1 FROM {jobs} WHERE id = $1)";
        DeleteExpiredKeyHolder =
            $"WITH d AS (DELETE FROM {jobs} WHERE tenant = $1 AND idempotency_key = $2 AND expires_at <= $3 RETURNING id) DELETE FROM {events} WHERE job_id IN (SELECT id FROM d)";
        FindByKey = $"{JobSelect} WHERE tenant = $1 AND idempotency_key = $2";
        var set = string.Join(", ", StoreRows.TransitionColumns.Select((c, i) => $"{c} = ${i + 1}"));
        var id = StoreRows.TransitionColumns.Length + 1;
        Apply =
            $"WITH u AS (UPDATE {jobs} SET {set} WHERE id = ${id} AND last_sequence = ${id + 1} RETURNING id) "
            + $"INSERT INTO {events} ({eventColumns}) SELECT {Parameters(id + 2, StoreRows.EventColumns.Length)} FROM u";
        GetJob = $"{JobSelect} WHERE id = $1";
        ReadEvents = $"{EventSelect} WHERE job_id = $1 AND sequence >= $2 ORDER BY sequence LIMIT $3";
        LoadUnfinished = $"{JobSelect} WHERE state IN ({(int)JobState.Queued}, {(int)JobState.Running}) ORDER BY id";
        RenewLease = $"UPDATE {jobs} SET lease_expires_at = $1 WHERE id = $2 AND state = {(int)JobState.Running} AND lease_owner = $3";
        DeleteExpired =
            $"WITH d AS (DELETE FROM {jobs} WHERE id IN (SELECT id FROM {jobs} WHERE expires_at <= $1 LIMIT {DeleteChunk}) RETURNING id), "
            + $"e AS (DELETE FROM {events} WHERE job_id IN (SELECT id FROM d)) SELECT count(*)::integer FROM d";
        List =
            $"{JobSelect} WHERE ($1::text IS NULL OR id < $1) AND ($2::integer IS NULL OR state = $2) AND ($3::text IS NULL OR task = $3) "
            + "AND ($4::bigint IS NULL OR expires_at IS NULL OR expires_at > $4) AND ($5::jsonb IS NULL OR labels @> $5) AND ($6::text IS NULL OR tenant = $6) ORDER BY id DESC LIMIT $7";
    }

    /// <summary>The schema's name, quoted.</summary>
    public string Schema { get; }

    /// <summary>SELECT of <see cref="StoreRows.JobColumns"/> from the jobs table, without a WHERE.</summary>
    public string JobSelect { get; }

    /// <summary>SELECT of <see cref="StoreRows.EventColumns"/> from the events table, without a WHERE.</summary>
    public string EventSelect { get; }

    /// <summary>A job and its first event in one statement (the job's parameters, then the event's): a batch's only create.</summary>
    public string InsertJobWithEvent { get; }

    /// <summary>A job and two events (a job created started: Queued, Running) in one statement.</summary>
    public string InsertJobWithTwoEvents { get; }

    /// <summary>
    /// One transition: the row update guarded by the expected sequence and, only when it matched,
    /// the event's insert (one row affected when it changed the row): a batch's only transition.
    /// </summary>
    public string Apply { get; }

    /// <summary>A job's insert (<see cref="StoreRows.JobColumns"/>) that inserts nothing when another job holds the (tenant, idempotency key).</summary>
    public string InsertJobUnlessKeyHeld { get; }

    /// <summary>An event's insert that inserts nothing unless the event's job exists (it follows <see cref="InsertJobUnlessKeyHeld"/>).</summary>
    public string InsertEventIfJobExists { get; }

    /// <summary>Deletes the job (and its events) that holds ($1 tenant, $2 key) if it expired by $3.</summary>
    public string DeleteExpiredKeyHolder { get; }

    public string FindByKey { get; }

    public string GetJob { get; }

    public string ReadEvents { get; }

    public string LoadUnfinished { get; }

    public string RenewLease { get; }

    /// <summary>Deletes up to <see cref="DeleteChunk"/> jobs expired by $1 with their events; returns how many jobs.</summary>
    public string DeleteExpired { get; }

    /// <summary>A page newest first: $1 after id, $2 state, $3 task, $4 retained-at, $5 labels (jsonb containment), $6 tenant, $7 limit.</summary>
    public string List { get; }

    private static string Parameters(int first, int count) => string.Join(", ", Enumerable.Range(first, count).Select(i => "$" + i));
}
