using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.progress: reports progress i/steps, then waits for a step permit, for each step.</summary>
internal sealed class ProgressTask(TestProbe probe) : ITaskHandler<int, int>
{
    public async ValueTask<int> RunAsync(int steps, TaskContext context)
    {
        for (var i = 1; i <= steps; i++)
        {
            context.ReportProgress((double)i / steps, $"step {i}", new { step = i });
            await probe.Step.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }

        return steps;
    }
}
