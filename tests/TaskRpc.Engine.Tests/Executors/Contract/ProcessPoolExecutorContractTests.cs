using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>
/// The executor contract against the process pool: 2 worker processes of this assembly
/// (<see cref="WorkerProgram"/>), 2 runs in flight on each (capacity 4), of which each worker runs
/// one at a time while the other waits inside it. A handler that ignores its cancel is killed with
/// its worker after the grace period.
/// </summary>
public sealed class ProcessPoolExecutorContractTests : ExecutorContractTests
{
    private const int Workers = 2;

    protected override int HandlersAtOnce => Workers;

    protected override bool StopsHandlersThatIgnoreCancel => true;

    private protected override ExecutorKind Kind => ExecutorKind.Processes;

    [Fact]
    public async Task ExecuteAsync_PipelinedRunCancelledBeforeItStarts_NeverStartsAndEndsCancelled()
    {
        var cancels = Enumerable.Range(0, Executor.Capacity).Select(_ => new CancellationTokenSource()).ToList();
        var executions = cancels
            .Select((cancel, i) => Executor.ExecuteAsync(Host.Invocation(ContractTasks.Hold, HoldArgs($"p{i}"), cancellationToken: cancel.Token)))
            .ToList();
        var running = await Gate.NextAsync(HandlersAtOnce);
        var waiting = Enumerable.Range(0, executions.Count).Where(i => running.All(h => h.Name != $"p{i}")).ToList();
        Assert.Equal(Executor.Capacity - HandlersAtOnce, waiting.Count);

        foreach (var i in waiting)
        {
            await cancels[i].CancelAsync();
            var reported = ReportedError.Of(await FailureOf(executions[i]));
            Assert.Equal(JobErrorCodes.Cancelled, reported.Code);
            Assert.Equal("Cancelled before it started.", reported.Message);
        }

        foreach (var handler in running)
        {
            handler.Release();
        }

        foreach (var i in Enumerable.Range(0, executions.Count).Except(waiting))
        {
            Assert.Equal($"p{i}", Read<HoldResult>(await executions[i].AsTask().WaitAsync(TestWait.Timeout)).Name);
        }

        Assert.Equal(HandlersAtOnce, Gate.Started);
        cancels.ForEach(c => c.Dispose());
    }

    private protected override void Configure(EngineOptions options)
    {
        options.Processes.Size = Workers;
        options.Processes.MaxInFlightPerWorker = 2;
        options.Processes.CancelGracePeriod = TimeSpan.FromSeconds(2);
        WorkerProgram.UseAsWorker(options.Processes);
    }
}
