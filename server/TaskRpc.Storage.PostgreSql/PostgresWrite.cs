using Npgsql;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// One write waiting for the group-commit <see cref="PostgresWriter"/>: its statements go into a
/// batch with other callers' writes (one round trip, one transaction); the caller gets its
/// result only after the batch committed.
/// </summary>
internal sealed class PostgresWrite
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<NpgsqlBatch> _add;
    private int _first;

    /// <param name="add">Adds the write's statements to a batch; the first one's row count is the write's result.</param>
    public PostgresWrite(Action<NpgsqlBatch> add) => _add = add;

    /// <summary>True when the write's first statement changed a row; false when it changed none (a stale version, a lost lease).</summary>
    public Task<bool> Task => _done.Task;

    /// <summary>Adds the write's statements to <paramref name="batch"/>.</summary>
    public void AddTo(NpgsqlBatch batch)
    {
        _first = batch.BatchCommands.Count;
        _add(batch);
    }

    /// <summary>The batch committed: hands the caller its result.</summary>
    public void Complete(NpgsqlBatch batch) => _done.TrySetResult(batch.BatchCommands[_first].RecordsAffected == 1);

    /// <summary>The write (or its whole batch) failed: nothing of it was committed.</summary>
    public void Fail(Exception error) => _done.TrySetException(error);
}
