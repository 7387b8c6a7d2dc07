using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.ignore_cancel: returns successfully once cancelled, ignoring the cancel.</summary>
internal sealed class IgnoreCancelTask(TestProbe probe) : ITaskHandler<NameArgs, string>
{
    public async ValueTask<string> RunAsync(NameArgs args, TaskContext context)
    {
        using var _ = probe.Enter(args.Name);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = context.CancellationToken.Register(static c => ((TaskCompletionSource)c!).TrySetResult(), cancelled);
        await cancelled.Task.ConfigureAwait(false);
        return "finished anyway";
    }
}
