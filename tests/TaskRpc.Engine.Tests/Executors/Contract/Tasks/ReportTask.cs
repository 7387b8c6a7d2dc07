using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>
/// contract.report: reports progress i/steps ("step i", detail {"step": i}) for each step and
/// returns the number of steps; with a gate port, waits to be released after each report. With
/// <see cref="ReportArgs.CyclicDetail"/> each detail is a <see cref="CyclicDetail"/> instead.
/// </summary>
internal sealed class ReportTask : ITaskHandler<ReportArgs, int>
{
    public async ValueTask<int> RunAsync(ReportArgs args, TaskContext context)
    {
        using var gate = args.Port == 0 ? null : await GateClient.ConnectAsync(args.Port, "report").ConfigureAwait(false);
        for (var i = 1; i <= args.Steps; i++)
        {
            context.ReportProgress((double)i / args.Steps, $"step {i}", Detail(args, i));
            if (gate is not null)
            {
                await gate.WaitReleaseAsync(context.CancellationToken).ConfigureAwait(false);
            }
        }

        if (gate is not null)
        {
            await gate.EndAsync(GateClient.Ended).ConfigureAwait(false);
        }

        return args.Steps;
    }

    private static object Detail(ReportArgs args, int step) =>
        args.CyclicDetail ? new CyclicDetail() : args.ThrowingDetail ? new ThrowingDetail() : new { step };
}
