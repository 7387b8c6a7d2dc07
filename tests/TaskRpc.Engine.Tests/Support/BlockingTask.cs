using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.blocking: blocks a Threads-executor thread until the probe unblocks it.</summary>
[TaskHandler(Executor = ExecutorKind.Threads)]
internal sealed class BlockingTask(TestProbe probe) : ITaskHandler<NameArgs, bool>
{
    public ValueTask<bool> RunAsync(NameArgs args, TaskContext context)
    {
        using var _ = probe.Enter(args.Name);
        probe.RanOnThreadPool.Add(Thread.CurrentThread.IsThreadPoolThread);
        var unblocked = probe.Unblock.Wait(TestWait.Timeout, context.CancellationToken);
        return ValueTask.FromResult(unblocked);
    }
}
