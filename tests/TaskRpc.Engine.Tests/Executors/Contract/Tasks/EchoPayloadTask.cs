using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>contract.echo: returns its args payload (JSON, binary or message) as its result.</summary>
internal sealed class EchoPayloadTask : ITaskHandler<Payload, Payload>
{
    public ValueTask<Payload> RunAsync(Payload args, TaskContext context) => ValueTask.FromResult(args);
}
