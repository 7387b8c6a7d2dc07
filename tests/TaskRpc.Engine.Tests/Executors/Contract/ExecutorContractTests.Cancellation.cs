using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>The contract on cancellation: the token reaches the handler; a cooperative one stops; one that ignores it is stopped only where the executor can.</summary>
public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task ExecuteAsync_CancelledWhileRunning_HandlerStopsAndTheAttemptEndsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var execution = Executor.ExecuteAsync(Host.Invocation(ContractTasks.Hold, HoldArgs("cooperative"), cancellationToken: cancel.Token));
        var handler = await Gate.NextAsync();

        await cancel.CancelAsync();

        await handler.TokenFired.Task.WaitAsync(TestWait.Timeout);
        await handler.Stopped.Task.WaitAsync(TestWait.Timeout);
        Assert.Equal(JobErrorCodes.Cancelled, ReportedError.Of(await FailureOf(execution)).Code);
        Assert.False(handler.Ended.Task.IsCompleted);
    }

    [Fact]
    public async Task ExecuteAsync_HandlerIgnoresItsCancel_StoppedIfTheExecutorCanElseRunsToItsEnd()
    {
        using var cancel = new CancellationTokenSource();
        var execution = Executor.ExecuteAsync(Host.Invocation(ContractTasks.Hold, HoldArgs("stubborn", ignoreCancel: true), cancellationToken: cancel.Token)).AsTask();
        var handler = await Gate.NextAsync();

        await cancel.CancelAsync();
        await handler.TokenFired.Task.WaitAsync(TestWait.Timeout); // It knows, and goes on waiting at the gate.

        if (StopsHandlersThatIgnoreCancel)
        {
            var reported = ReportedError.Of(await FailureOf(new ValueTask<Payload>(execution)));
            Assert.Equal(JobErrorCodes.Aborted, reported.Code);
            Assert.Contains("did not stop within", reported.Message, StringComparison.Ordinal);
            await handler.Closed.Task.WaitAsync(TestWait.Timeout); // Gone with its process, never released.
            Assert.False(handler.Ended.Task.IsCompleted);
        }
        else
        {
            Assert.False(execution.IsCompleted, "The executor ended the attempt of a handler that is still running.");
            handler.Release();
            var result = Read<HoldResult>(await execution.WaitAsync(TestWait.Timeout));
            Assert.Equal(new HoldResult("stubborn", Cancelled: true), result);
            await handler.Ended.Task.WaitAsync(TestWait.Timeout);
        }

        // Either way the executor goes on running invocations.
        var echo = Payload.FromJson("\"still serving\"");
        Assert.Equal(echo, await Executor.ExecuteAsync(Host.Invocation(ContractTasks.Echo, echo)).AsTask().WaitAsync(TestWait.Timeout));
    }
}
