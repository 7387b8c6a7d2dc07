namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The schema's cluster part (version 1): the triggers that signal every node (NOTIFY on the
/// channel named after the schema, sent at commit with the write that caused it): <c>e:SEQ:ID</c>
/// for each new event, <c>q:EXECUTOR</c> when a job becomes Queued; the stored cancel requests
/// of running jobs (deleted with their job); the lead row of the cluster-wide duties; and the
/// indexes of delayed and start-timed queued jobs.
/// </summary>
internal static partial class PostgresSchema
{
    private const string CreateV1Cluster = """
        CREATE FUNCTION {schema}.notify_event() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            PERFORM pg_notify(TG_TABLE_SCHEMA, 'e:' || NEW.sequence || ':' || NEW.job_id);
            RETURN NULL;
        END $f$;
        CREATE FUNCTION {schema}.notify_queued() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            PERFORM pg_notify(TG_TABLE_SCHEMA, 'q:' || NEW.executor);
            RETURN NULL;
        END $f$;
        CREATE TRIGGER events_notify AFTER INSERT ON {schema}.events FOR EACH ROW EXECUTE FUNCTION {schema}.notify_event();
        CREATE TRIGGER jobs_notify_created AFTER INSERT ON {schema}.jobs FOR EACH ROW WHEN (NEW.state = 1) EXECUTE FUNCTION {schema}.notify_queued();
        CREATE TRIGGER jobs_notify_requeued AFTER UPDATE OF state ON {schema}.jobs FOR EACH ROW WHEN (NEW.state = 1 AND OLD.state <> 1) EXECUTE FUNCTION {schema}.notify_queued();
        CREATE TABLE {schema}.cancel_requests (
            job_id text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES {schema}.jobs (id) ON DELETE CASCADE,
            reason text
        );
        CREATE TABLE {schema}.lead (
            name text NOT NULL PRIMARY KEY,
            owner text NOT NULL,
            expires_at bigint NOT NULL
        );
        CREATE INDEX jobs_delayed ON {schema}.jobs (executor, not_before) WHERE state = 1 AND not_before IS NOT NULL;
        CREATE INDEX jobs_start_deadline ON {schema}.jobs ((GREATEST(created_at, COALESCE(not_before, 0)) + schedule_to_start_timeout))
            WHERE state = 1 AND attempt = 0 AND schedule_to_start_timeout IS NOT NULL;
        """;
}
