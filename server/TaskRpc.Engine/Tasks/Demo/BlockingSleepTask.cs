using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>
/// <c>demo.blocking_sleep</c>: blocks its thread in steps (the demo of blocking work, on the
/// Threads executor), reporting progress after each; a cancel wakes the blocked wait at once.
/// </summary>
[TaskHandler(Executor = ExecutorKind.Threads, Description = "Blocks a dedicated thread, reporting progress at each step.", ArgsDescription = "{\"seconds\": 2, \"steps\": 4}")]
internal sealed class BlockingSleepTask : ITaskHandler<SleepArgs, SleepResult>, IArgsValidator<SleepArgs>
{
    public static string? ValidateArgs(SleepArgs args) => args.Validate();

    public ValueTask<SleepResult> RunAsync(SleepArgs args, TaskContext context)
    {
        var step = TimeSpan.FromSeconds(args.Seconds / args.Steps);
        for (var i = 1; i <= args.Steps; i++)
        {
            // A blocking sleep on purpose, woken early by cancellation.
            context.CancellationToken.WaitHandle.WaitOne(step);
            context.CancellationToken.ThrowIfCancellationRequested();
            context.ReportProgress((double)i / args.Steps, $"step {i} of {args.Steps}");
        }

        return ValueTask.FromResult(new SleepResult(args.Seconds, args.Steps));
    }
}
