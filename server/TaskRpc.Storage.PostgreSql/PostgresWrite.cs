using Npgsql;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// One write waiting for the group-commit <see cref="PostgresWriter"/>, of one job: a create
/// without an idempotency key, a transition, or a statement of its own (a lease renewal). The
/// writer puts the batch's creates and transitions into bulk statements
/// (<see cref="PostgresWriteBatch"/>) with other callers' writes, one transaction in all; the
/// caller gets its result only after the batch committed.
/// </summary>
internal sealed class PostgresWrite
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PostgresWrite(PostgresWriteKind kind, string jobId)
    {
        Kind = kind;
        JobId = jobId;
    }

    public PostgresWriteKind Kind { get; }

    /// <summary>The job written: writes of one job are applied in the order they were queued.</summary>
    public string JobId { get; }

    /// <summary>The created job, or the transition's snapshot.</summary>
    public JobSnapshot? Job { get; private init; }

    /// <summary>The created job's first event, or the transition's event.</summary>
    public JobEvent? Event { get; private init; }

    /// <summary>A job created started: its Running event.</summary>
    public JobEvent? Started { get; private init; }

    /// <summary>A transition's expected last sequence (its version check).</summary>
    public long ExpectedSequence { get; private init; }

    /// <summary>A statement write: adds its statements to the batch (the first one's row count is its result).</summary>
    public Action<NpgsqlBatch>? Statements { get; private init; }

    /// <summary>The index of the write's first statement in the batch (its row count is the write's result), set when it was added; or, for a row of a bulk update, that update's index among the batch's bulk updates.</summary>
    public int FirstCommand { get; set; }

    /// <summary>True when the write is a row of a bulk update (its result is whether the update returned its id).</summary>
    public bool InBulkUpdate { get; set; }

    /// <summary>True when the write changed its row; false when it changed none (a stale version, a lost lease).</summary>
    public Task<bool> Task => _done.Task;

    public static PostgresWrite Create(JobSnapshot job, JobEvent created, JobEvent? started) =>
        new(PostgresWriteKind.Create, job.Id) { Job = job, Event = created, Started = started };

    public static PostgresWrite Transition(JobSnapshot job, JobEvent jobEvent, long expectedSequence) =>
        new(PostgresWriteKind.Transition, job.Id) { Job = job, Event = jobEvent, ExpectedSequence = expectedSequence };

    public static PostgresWrite Statement(string jobId, Action<NpgsqlBatch> add) =>
        new(PostgresWriteKind.Statement, jobId) { Statements = add };

    /// <summary>The batch committed: hands the caller its result.</summary>
    public void Complete(bool changed) => _done.TrySetResult(changed);

    /// <summary>The write (or its whole batch) failed: nothing of it was committed.</summary>
    public void Fail(Exception error) => _done.TrySetException(error);
}
