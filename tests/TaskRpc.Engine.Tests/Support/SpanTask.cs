using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.span: starts and ends a span of its own (on <see cref="ActivityRecorder.Caller"/>), named by its args.</summary>
internal sealed class SpanTask : ITaskHandler<NameArgs, string>
{
    public async ValueTask<string> RunAsync(NameArgs args, TaskContext context)
    {
        await Task.Yield();
        using var span = ActivityRecorder.Caller.StartActivity(args.Name);
        return args.Name;
    }
}
