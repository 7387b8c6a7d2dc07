using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>contract.throw: throws a <see cref="ContractHandlerException"/> with the message it is given.</summary>
internal sealed class ThrowTask : ITaskHandler<ThrowArgs, string>
{
    public ValueTask<string> RunAsync(ThrowArgs args, TaskContext context) => throw new ContractHandlerException(args.Message);
}
