
using TaskRpc.Engine.Timing;

namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>
/// <c>demo.sleep</c>: awaits a delay in steps, reporting progress after each; stops at once when
/// cancelled. On the system clock its delays run on <see cref="HighResolutionTimeProvider"/>, so a
/// step lasts what it asks (a 10 ms step takes ~10.1 ms, not the 10–14 ms of the runtime's timers).
/// </summary>
[TaskHandler(Description = "Sleeps asynchronously, reporting progress at each step.", ArgsDescription = "{\"seconds\": 2, \"steps\": 4}")]
internal sealed class SleepTask : ITaskHandler<SleepArgs, SleepResult>, IArgsValidator<SleepArgs>
{
    public static string? ValidateArgs(SleepArgs args) => args.Validate();

    private readonly TimeProvider _time;

    public SleepTask(TimeProvider time) => _time = ReferenceEquals(time, TimeProvider.System) ? HighResolutionTimeProvider.Shared : time;

    public async ValueTask<SleepResult> RunAsync(SleepArgs args, TaskContext context)
    {
        var step = TimeSpan.FromSeconds(args.Seconds / args.Steps);
        for (var i = 1; i <= args.Steps; i++)
        {
            await Task.Delay(step, _time, context.CancellationToken).ConfigureAwait(false);
            context.ReportProgress((double)i / args.Steps, $"step {i} of {args.Steps}");
        }

        return new SleepResult(args.Seconds, args.Steps);
    }
}
