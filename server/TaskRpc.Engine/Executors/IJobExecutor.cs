using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors;

/// <summary>
/// Where handlers run. The scheduler never hands an executor more than <see cref="Capacity"/>
/// invocations at once. Executors work on serialized payloads only (see
/// <see cref="Tasks.TaskInvoker"/>), so a process-pool executor can ship an invocation to a
/// worker as bytes.
/// </summary>
internal interface IJobExecutor
{
    ExecutorKind Kind { get; }

    /// <summary>The most invocations that run at once.</summary>
    int Capacity { get; }

    /// <summary>Runs one invocation; its exceptions are the handler's.</summary>
    ValueTask<Payload> ExecuteAsync(JobInvocation invocation);
}
