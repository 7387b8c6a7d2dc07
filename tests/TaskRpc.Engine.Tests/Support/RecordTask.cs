using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.record: records its start, yields once, and returns.</summary>
internal sealed class RecordTask(TestProbe probe) : ITaskHandler<NameArgs, string>
{
    public async ValueTask<string> RunAsync(NameArgs args, TaskContext context)
    {
        using var _ = probe.Enter(args.Name);
        await Task.Yield(); // Overlap with other runs, so concurrency limits are exercised.
        return args.Name;
    }
}
