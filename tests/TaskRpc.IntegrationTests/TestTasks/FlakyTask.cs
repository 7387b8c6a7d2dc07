using TaskRpc.Engine.Tasks;

namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>test.flaky: throws until the attempt given in its args, then returns that attempt.</summary>
[TaskHandler(Description = "Fails until a given attempt.", ArgsDescription = "{\"succeed_on_attempt\": 3}")]
internal sealed class FlakyTask : ITaskHandler<FlakyArgs, int>
{
    public ValueTask<int> RunAsync(FlakyArgs args, TaskContext context) => context.Attempt < args.SucceedOnAttempt
        ? throw new InvalidOperationException($"attempt {context.Attempt} fails on purpose")
        : ValueTask.FromResult(context.Attempt);
}
