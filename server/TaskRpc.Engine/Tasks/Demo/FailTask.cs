namespace TaskRpc.Engine.Tasks.Demo;

/// <summary><c>demo.fail</c>: fails with the given message.</summary>
[TaskHandler(Description = "Fails with the given message.", ArgsDescription = "{\"message\": \"boom\"}")]
internal sealed class FailTask : ITaskHandler<FailArgs, object>
{
    public ValueTask<object> RunAsync(FailArgs args, TaskContext context) => throw new DemoTaskException(args.Message);
}
