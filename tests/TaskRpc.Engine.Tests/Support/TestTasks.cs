using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>Args of the test tasks.</summary>
public sealed record NameArgs(string Name = "");

/// <summary>Args of test.flaky.</summary>
public sealed record FlakyArgs(int SucceedOnAttempt);

/// <summary>Args of test.typed: a required member and a required constructor parameter.</summary>
public sealed record ResizeArgs(int MaxWidth, string ImageFormat);

/// <summary>Result of test.typed.</summary>
public sealed record ResizeResult(int Width, string Format);

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

/// <summary>test.flaky: fails until the given attempt.</summary>
internal sealed class FlakyTask : ITaskHandler<FlakyArgs, int>
{
    public ValueTask<int> RunAsync(FlakyArgs args, TaskContext context) => context.Attempt < args.SucceedOnAttempt
        ? throw new InvalidOperationException($"attempt {context.Attempt} failed")
        : ValueTask.FromResult(context.Attempt);
}

/// <summary>test.typed: typed args and result.</summary>
internal sealed class TypedTask : ITaskHandler<ResizeArgs, ResizeResult>
{
    public ValueTask<ResizeResult> RunAsync(ResizeArgs args, TaskContext context) =>
        ValueTask.FromResult(new ResizeResult(args.MaxWidth, args.ImageFormat));
}

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

/// <summary>test.chatty: reports progress as fast as it can, the given number of times.</summary>
internal sealed class ChattyTask : ITaskHandler<int, int>
{
    public ValueTask<int> RunAsync(int reports, TaskContext context)
    {
        IProgress<double> progress = context;
        for (var i = 1; i <= reports; i++)
        {
            progress.Report((double)i / reports);
        }

        return ValueTask.FromResult(reports);
    }
}

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

/// <summary>test.processes: declares the (not yet available) Processes executor.</summary>
[TaskHandler(Executor = ExecutorKind.Processes)]
internal sealed class ProcessesTask : ITaskHandler<Payload, Payload>
{
    public ValueTask<Payload> RunAsync(Payload args, TaskContext context) => ValueTask.FromResult(args);
}
