using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.gate: records its start, then waits for the probe's release (or its cancel).</summary>
internal sealed class GateTask(TestProbe probe) : ITaskHandler<NameArgs, string>
{
    public async ValueTask<string> RunAsync(NameArgs args, TaskContext context)
    {
        using var _ = probe.Enter(args.Name);
        try
        {
            await probe.Release.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            probe.CancelObserved.Release();
            throw;
        }

        return args.Name;
    }
}
