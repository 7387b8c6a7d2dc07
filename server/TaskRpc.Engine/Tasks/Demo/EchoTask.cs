using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks.Demo;

/// <summary><c>demo.echo</c>: returns its args unchanged (any payload kind).</summary>
[TaskHandler(Description = "Returns its args.", ArgsDescription = "Anything, e.g. {\"hello\": \"world\"}")]
internal sealed class EchoTask : ITaskHandler<Payload, Payload>
{
    public ValueTask<Payload> RunAsync(Payload args, TaskContext context) => ValueTask.FromResult(args);
}
