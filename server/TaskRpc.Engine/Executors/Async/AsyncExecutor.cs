using Microsoft.Extensions.Options;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors.Async;

/// <summary>
/// Awaits handlers on the server. The scheduler dispatches each job on a thread-pool work item,
/// so a handler's synchronous prefix never runs on the dispatcher; concurrency is bounded by
/// <see cref="Capacity"/> (<see cref="EngineOptions.Async"/>).
/// </summary>
internal sealed class AsyncExecutor : IJobExecutor
{
    public AsyncExecutor(IOptions<EngineOptions> options) => Capacity = options.Value.Async.MaxConcurrency;

    public ExecutorKind Kind => ExecutorKind.Async;

    public int Capacity { get; }

    public ValueTask<Payload> ExecuteAsync(JobInvocation invocation) => invocation.Invoker(invocation.Args, invocation.Context);
}
