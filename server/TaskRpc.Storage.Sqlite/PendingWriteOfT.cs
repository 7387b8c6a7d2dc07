using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>A <see cref="PendingWrite"/> with a result, which its caller awaits.</summary>
/// <typeparam name="T">The result.</typeparam>
internal sealed class PendingWrite<T> : PendingWrite
{
    private readonly Func<SqliteWriteStatements, T> _work;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public PendingWrite(Func<SqliteWriteStatements, T> work, string? orderedJob)
    {
        _work = work;
        OrderedJob = orderedJob;
    }

    /// <summary>Completes with the result after COMMIT, or fails.</summary>
    public Task<T> Done => _done.Task;

    public override string? OrderedJob { get; }

    public override void Execute(SqliteWriteStatements statements) => _result = _work(statements);

    public override void Complete() => _done.TrySetResult(_result);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
