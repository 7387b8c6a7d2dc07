namespace TaskRpc.Engine.Storage.Sqlite;

/// <summary>One write waiting for the group-commit loop: executed inside a batch transaction, completed only after COMMIT.</summary>
internal abstract class PendingWrite
{
    /// <summary>Runs the write's statements inside the batch's transaction; keeps the result until <see cref="Complete"/>.</summary>
    public abstract void Execute(SqliteWriteStatements statements);

    /// <summary>The batch committed: hands the caller its result.</summary>
    public abstract void Complete();

    /// <summary>The write (or its whole batch) failed: nothing of it was committed.</summary>
    public abstract void Fail(Exception error);
}
