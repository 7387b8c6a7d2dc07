using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.typed: typed args and result.</summary>
internal sealed class TypedTask : ITaskHandler<ResizeArgs, ResizeResult>
{
    public ValueTask<ResizeResult> RunAsync(ResizeArgs args, TaskContext context) =>
        ValueTask.FromResult(new ResizeResult(args.MaxWidth, args.ImageFormat));
}
