using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Bench.Processes;

/// <summary>bench.spin: burns CPU until its worker is killed (never looks at its token).</summary>
[TaskHandler(Executor = ExecutorKind.Processes)]
internal sealed class SpinTask : ITaskHandler<Payload, Payload>
{
    public ValueTask<Payload> RunAsync(Payload args, TaskContext context)
    {
        context.ReportProgress(0, "spinning");
        var x = 0UL;
        while (x != ulong.MaxValue)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            x |= 1;
        }

        return ValueTask.FromResult(args);
    }
}
