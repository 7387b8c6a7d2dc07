using TaskRpc.Engine.Executors.Processes.Protocol;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// One invocation handed to the process pool, and the promise of its result. Its mutable state
/// (<see cref="Worker"/>, <see cref="CancelSent"/>) is guarded by the pool's lock.
/// </summary>
internal sealed class WorkerRun : TaskCompletionSource<Payload>
{
    public WorkerRun(ulong id, JobInvocation invocation)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Id = id;
        Invocation = invocation;
        Message = new WorkerMessage { Run = WorkerProtocol.ToRun(id, invocation) };
    }

    public ulong Id { get; }

    public JobInvocation Invocation { get; }

    /// <summary>The Run message sent to the worker.</summary>
    public WorkerMessage Message { get; }

    /// <summary>The worker it was sent to; null while it waits in the pool.</summary>
    public WorkerProcess? Worker { get; set; }

    /// <summary>
    /// It was in flight on a worker that died with others in flight and no known culprit: it is
    /// re-run alone on a quarantined worker (same attempt), where a crash is its own.
    /// </summary>
    public bool Suspect { get; set; }

    /// <summary>A Cancel was sent and the grace timer armed.</summary>
    public bool CancelSent { get; set; }

    public CancellationTokenRegistration Registration { get; set; }

    public ITimer? GraceTimer { get; set; }

    /// <summary>Ends the run with <paramref name="error"/> (or, when null, <paramref name="result"/>) and drops its cancel hooks.</summary>
    public void Finish(Payload? result, Exception? error)
    {
        var done = error is null ? TrySetResult(result ?? Payload.JsonNull) : TrySetException(error);
        if (done)
        {
            Registration.Dispose();
            GraceTimer?.Dispose();
        }
    }
}
