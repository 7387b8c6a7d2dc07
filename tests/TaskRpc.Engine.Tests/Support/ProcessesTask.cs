using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.processes: declares the (not yet available) Processes executor.</summary>
[TaskHandler(Executor = ExecutorKind.Processes)]
internal sealed class ProcessesTask : ITaskHandler<Payload, Payload>
{
    public ValueTask<Payload> RunAsync(Payload args, TaskContext context) => ValueTask.FromResult(args);
}
