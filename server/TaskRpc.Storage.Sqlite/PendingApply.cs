using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// A queued transition (<see cref="IJobStore.TryApplyAsync"/>). The writer links the transitions
/// of one job that follow each other in a batch (each expecting the sequence the previous one
/// writes) into a chain it writes as one row update plus all their events.
/// </summary>
internal sealed class PendingApply : PendingWrite
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _result;

    public PendingApply(JobSnapshot job, JobEvent jobEvent, long expectedSequence)
    {
        Job = job;
        Event = jobEvent;
        ExpectedSequence = expectedSequence;
    }

    public JobSnapshot Job { get; }

    public JobEvent Event { get; }

    public long ExpectedSequence { get; }

    /// <summary>The job's next transition in the same batch, written together with this one; null at a chain's end.</summary>
    public PendingApply? Next { get; set; }

    /// <summary>True when an earlier transition of the batch heads this one's chain (and writes it).</summary>
    public bool IsLinked { get; set; }

    public Task<bool> Done => _done.Task;

    public override string? OrderedJob => Job.Id;

    public override void Execute(SqliteWriteStatements statements) => _result = statements.Apply(Job, Event, ExpectedSequence);

    /// <summary>Sets the result when the chain this write belongs to was written as a whole.</summary>
    public void SetResult(bool result) => _result = result;

    public override void Complete() => _done.TrySetResult(_result);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
