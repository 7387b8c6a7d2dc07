using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.validated: returns its name; its validator refuses an empty one at Submit.</summary>
internal sealed class ValidatedTask(TestProbe probe) : ITaskHandler<NameArgs, string>, IArgsValidator<NameArgs>
{
    public static string? ValidateArgs(NameArgs args) => string.IsNullOrEmpty(args.Name) ? "name is required." : null;

    public ValueTask<string> RunAsync(NameArgs args, TaskContext context)
    {
        using var _ = probe.Enter(args.Name);
        return ValueTask.FromResult(args.Name);
    }
}
