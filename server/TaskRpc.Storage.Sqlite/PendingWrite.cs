using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>One write waiting for the group-commit loop: executed inside a batch transaction, completed only after COMMIT.</summary>
internal abstract class PendingWrite
{
    /// <summary>
    /// <see cref="OrderedJob"/> of creates: they change no existing row (a create with an
    /// idempotency key may read the key's job, and its state as of the batch's commit is as good
    /// an answer as any).
    /// </summary>
    public const string NoExistingJob = "";

    /// <summary>
    /// Which existing job's row this write reads or changes, so the writer never moves a
    /// coalesced transition of that job across it: <see cref="NoExistingJob"/> for none (a
    /// create), a job id for that job only, null for any job.
    /// </summary>
    public abstract string? OrderedJob { get; }

    /// <summary>Runs the write's statements inside the batch's transaction; keeps the result until <see cref="Complete"/>.</summary>
    public abstract void Execute(SqliteWriteStatements statements);

    /// <summary>The batch committed: hands the caller its result.</summary>
    public abstract void Complete();

    /// <summary>The write (or its whole batch) failed: nothing of it was committed.</summary>
    public abstract void Fail(Exception error);
}
