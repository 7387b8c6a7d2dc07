using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>The SQL of the store's cluster part (claims, cancel requests, takeover, lead), for one schema; positional parameters.</summary>
internal sealed class PostgresClusterSql
{
    private const int Queued = (int)JobState.Queued;
    private const int Running = (int)JobState.Running;

    public PostgresClusterSql(PostgresSql sql)
    {
        var jobs = $"{sql.Schema}.jobs";
        var requests = $"{sql.Schema}.cancel_requests";
        var events = $"{sql.Schema}.events";
        var runnable = $"state = {Queued} AND executor = $1 AND task = ANY($2)";
        var columns = string.Join(", ", StoreRows.JobColumns);
        var returned = string.Join(", ", StoreRows.JobColumns.Select(static c => "j." + c));
        Claim =
            $"WITH c AS (SELECT id FROM {jobs} WHERE {runnable} AND (not_before IS NULL OR not_before <= $3) ORDER BY priority DESC, id LIMIT $4 FOR UPDATE SKIP LOCKED), "
            + $"u AS (UPDATE {jobs} j SET state = {Running}, attempt = j.attempt + 1, started_at = $3, error = NULL, lease_owner = $5, lease_expires_at = $6, "
            + $"last_sequence = j.last_sequence + 1 FROM c WHERE j.id = c.id RETURNING {returned}), "
            + $"e AS (INSERT INTO {events} ({string.Join(", ", StoreRows.EventColumns)}) SELECT id, last_sequence, $3, {Running}, attempt, NULL, NULL, NULL, NULL, NULL FROM u) "
            + $"SELECT {columns} FROM u ORDER BY priority DESC, id";
        NextDue = $"SELECT min(not_before) FROM {jobs} WHERE {runnable} AND not_before > $3";
        RequestCancel =
            $"WITH r AS (INSERT INTO {requests} (job_id, reason) SELECT id, $2 FROM {jobs} WHERE id = $1 AND state = {Running} "
            + $"ON CONFLICT (job_id) DO UPDATE SET reason = {requests}.reason RETURNING job_id) "
            + $"SELECT pg_notify($3, 'c:' || job_id) FROM r";
        ReadCancelRequests = $"SELECT c.job_id, c.reason FROM {requests} c JOIN {jobs} j ON j.id = c.job_id WHERE j.state = {Running} AND j.lease_owner = $1";
        FindAbandoned = $"{sql.JobSelect} WHERE state = {Running} AND (lease_expires_at < $1 OR lease_owner = $2) ORDER BY id LIMIT $3";
        FindStartOverdue =
            $"{sql.JobSelect} WHERE state = {Queued} AND attempt = 0 AND schedule_to_start_timeout IS NOT NULL "
            + "AND GREATEST(created_at, COALESCE(not_before, 0)) + schedule_to_start_timeout < $1 ORDER BY id LIMIT $2";
        Lead =
            $"INSERT INTO {sql.Schema}.lead (name, owner, expires_at) VALUES ('duties', $1, $3) "
            + $"ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at "
            + $"WHERE {sql.Schema}.lead.owner = EXCLUDED.owner OR {sql.Schema}.lead.expires_at <= $2 RETURNING owner";
        Listen = $"LISTEN {sql.Schema}";
    }

    /// <summary>
    /// One statement: locks up to $4 runnable jobs of executor $1 and tasks $2 at $3 in claim
    /// order, skipping locked rows, writes their Running transition (next attempt started at $3,
    /// error cleared, leased to $5 until $6, next sequence) and its event, and returns them as written.
    /// </summary>
    public string Claim { get; }

    /// <summary>The earliest not-before after $3 among the queued jobs of executor $1 and tasks $2.</summary>
    public string NextDue { get; }

    /// <summary>Records a cancel request ($1 job, $2 reason) of a running job and notifies channel $3; one row when recorded.</summary>
    public string RequestCancel { get; }

    /// <summary>The cancel requests of the running jobs leased by $1.</summary>
    public string ReadCancelRequests { get; }

    /// <summary>Running jobs with a lease expired before $1 or held by $2; at most $3.</summary>
    public string FindAbandoned { get; }

    /// <summary>Never-started queued jobs whose schedule-to-start deadline passed before $1; at most $2.</summary>
    public string FindStartOverdue { get; }

    /// <summary>Takes or keeps the lead for $1 at $2 until $3; one row when held.</summary>
    public string Lead { get; }

    /// <summary>LISTEN on the schema's channel.</summary>
    public string Listen { get; }
}
