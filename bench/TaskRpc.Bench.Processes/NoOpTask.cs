using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Bench.Processes;

/// <summary>bench.noop: returns its args, in a worker process.</summary>
[TaskHandler(Executor = ExecutorKind.Processes)]
internal sealed class NoOpTask : ITaskHandler<Payload, Payload>
{
    public ValueTask<Payload> RunAsync(Payload args, TaskContext context) => ValueTask.FromResult(args);
}
