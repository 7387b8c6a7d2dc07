using TaskRpc.Engine.Tasks;

namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>test.limited: a short async run counted by <see cref="ConcurrencyProbe"/>, to check a per-task limit.</summary>
[TaskHandler(MaxConcurrency = 2, Description = "Counts how many of its runs overlap.")]
internal sealed class ProbeTask(ConcurrencyProbe probe) : ITaskHandler<ProbeArgs, int>
{
    public async ValueTask<int> RunAsync(ProbeArgs args, TaskContext context)
    {
        probe.Enter();
        try
        {
            await Task.Delay(args.Milliseconds, context.CancellationToken).ConfigureAwait(false);
            return probe.Max;
        }
        finally
        {
            probe.Exit();
        }
    }
}
