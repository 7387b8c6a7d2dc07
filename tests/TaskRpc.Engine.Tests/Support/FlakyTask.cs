using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.flaky: fails until the given attempt.</summary>
internal sealed class FlakyTask : ITaskHandler<FlakyArgs, int>
{
    public ValueTask<int> RunAsync(FlakyArgs args, TaskContext context) => context.Attempt < args.SucceedOnAttempt
        ? throw new InvalidOperationException($"attempt {context.Attempt} failed")
        : ValueTask.FromResult(context.Attempt);
}
