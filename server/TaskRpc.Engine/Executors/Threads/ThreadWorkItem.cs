using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors.Threads;

/// <summary>An invocation queued for a dedicated thread, and the promise of its result.</summary>
internal sealed class ThreadWorkItem : TaskCompletionSource<Payload>
{
    public ThreadWorkItem(JobInvocation invocation)
        : base(TaskCreationOptions.RunContinuationsAsynchronously) => Invocation = invocation;

    public JobInvocation Invocation { get; }

    /// <summary>Runs the invocation on the calling (dedicated) thread, blocking until it ends.</summary>
    public void Run()
    {
        try
        {
            var pending = Invocation.Invoker(Invocation.Args, Invocation.Context);
            SetResult(pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult());
        }
#pragma warning disable CA1031 // Every handler failure is handed to the awaiting job.
        catch (Exception error)
#pragma warning restore CA1031
        {
            SetException(error);
        }
    }
}
