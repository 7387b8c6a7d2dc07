using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>The contract on progress: reports reach the attempt's sink in order, and the last one before the result.</summary>
public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task ExecuteAsync_ProgressStepByStep_EveryReportReachesTheSinkInOrder()
    {
        const int steps = 5;
        var sink = new RecordingSink();
        var execution = Executor.ExecuteAsync(Host.Invocation(ContractTasks.Report, Json(new ReportArgs(steps, Gate.Port)), sink)).AsTask();
        var handler = await Gate.NextAsync();

        for (var i = 1; i <= steps; i++)
        {
            Assert.Equal(Step(i, steps), await sink.NextAsync());
            handler.Release(); // The next report is made only now: none can be coalesced away.
        }

        Assert.Equal(steps.ToString(System.Globalization.CultureInfo.InvariantCulture), (await execution.WaitAsync(TestWait.Timeout)).GetJsonText());
        Assert.Equal(Enumerable.Range(1, steps).Select(i => Step(i, steps)), sink.Reports);
    }

    [Fact]
    public async Task ExecuteAsync_ProgressBurst_SinkSeesItInOrderAndTheLastBeforeTheResult()
    {
        const int steps = 500;
        var sink = new RecordingSink();

        await Executor.ExecuteAsync(Host.Invocation(ContractTasks.Report, Json(new ReportArgs(steps)), sink)).AsTask().WaitAsync(TestWait.Timeout);

        AssertStepsInOrder(sink.Reports, steps);
    }

    private static JobProgress Step(int i, int steps) => new((double)i / steps, $"step {i}", $$"""{"step":{{i}}}""");

    /// <summary>
    /// Reports made faster than they are forwarded may be coalesced (some dropped), but those that
    /// arrive are whole, in order, and the last is among them.
    /// </summary>
    private static void AssertStepsInOrder(IReadOnlyList<JobProgress> reports, int steps)
    {
        Assert.NotEmpty(reports);
        var seen = reports.Select(r => (int)Math.Round(r.Fraction * steps)).ToList();
        Assert.Equal(seen.Select(i => Step(i, steps)), reports);
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First < pair.Second), "Out of order: " + string.Join(", ", seen));
        Assert.Equal(steps, seen[^1]);
    }
}
