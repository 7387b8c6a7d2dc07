using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>The contract as a caller of the engine sees it: a job's outcome is the same whichever executor runs it.</summary>
public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task SubmitAsync_EchoJob_SucceedsWithTheHandlersResultOnThisExecutor()
    {
        var args = Payload.FromJson("""{"any": ["json", 1, {"at": "all"}]}""");

        var job = await AwaitJobAsync(Job(ContractTasks.Echo, args));

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(Kind, job.Executor);
        Assert.Equal(args, job.Result);
    }

    [Fact]
    public async Task SubmitAsync_HandlerThrows_JobFailsUnknownWithTheHandlersTypeAndMessage()
    {
        var job = await AwaitJobAsync(Job(ContractTasks.Throw, Json(new ThrowArgs("it broke"))));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(new JobError(JobErrorCodes.Unknown, "it broke", typeof(ContractHandlerException).FullName), job.Error);
    }

    [Fact]
    public async Task CancelAsync_RunningJob_HandlerStopsAndTheJobEndsCancelled()
    {
        var job = await Host.Engine.SubmitAsync(Job(ContractTasks.Hold, HoldArgs("cancel me")));
        var handler = await Gate.NextAsync();

        await Host.Engine.CancelAsync(job.Id, "enough");

        await handler.Stopped.Task.WaitAsync(TestWait.Timeout);
        var done = await AwaitJobAsync(job.Id);
        Assert.Equal(JobState.Cancelled, done.State);
        Assert.Equal(new JobError(JobErrorCodes.Cancelled, "Cancelled: enough"), done.Error);
    }

    [Fact]
    public async Task SubmitAsync_ExecutionTimeoutPasses_HandlerStopsAndTheJobFailsDeadlineExceeded()
    {
        // Never released: only the timeout ends it.
        var job = await AwaitJobAsync(Job(ContractTasks.Hold, HoldArgs("slow")) with { ExecutionTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, job.Error!.Code);
        Assert.Equal(1, job.Attempt);
        if (Gate.Started > 0) // A worker process may have dropped it before it started.
        {
            var handler = await Gate.NextAsync();
            Assert.True(handler.Stopped.Task.IsCompleted, "The handler did not stop for its timeout.");
        }
    }

    [Fact]
    public async Task SubmitAsync_HandlerIgnoresItsTimeout_FailsIfTheExecutorStopsItElseSucceedsLate()
    {
        var job = await Host.Engine.SubmitAsync(Job(ContractTasks.Hold, HoldArgs("late", ignoreCancel: true)) with { ExecutionTimeout = TimeSpan.FromSeconds(1) });

        if (StopsHandlersThatIgnoreCancel)
        {
            var stopped = await AwaitJobAsync(job.Id);
            Assert.Equal(JobState.Failed, stopped.State);
            Assert.Equal(JobErrorCodes.DeadlineExceeded, stopped.Error!.Code);
            if (Gate.Started > 0)
            {
                var handler = await Gate.NextAsync();
                await handler.Closed.Task.WaitAsync(TestWait.Timeout);
                Assert.False(handler.Ended.Task.IsCompleted, "The handler ended on its own; it should have been stopped.");
            }

            return;
        }

        var late = await Gate.NextAsync();
        await late.TokenFired.Task.WaitAsync(TestWait.Timeout); // The timeout passed; the handler goes on.
        late.Release();
        var done = await AwaitJobAsync(job.Id);
        Assert.Equal(JobState.Succeeded, done.State); // A result that came late is still the result.
        Assert.Equal(new HoldResult("late", Cancelled: true), Read<HoldResult>(done.Result!));
    }

    [Fact]
    public async Task SubmitAsync_ReportingJob_ProgressEventsAreInOrderEndingWithTheLast()
    {
        const int steps = 200;
        var job = await Host.Engine.SubmitAsync(Job(ContractTasks.Report, Json(new ReportArgs(steps))));

        var reports = new List<JobProgress>();
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        await foreach (var jobEvent in Host.Engine.SubscribeAsync(job.Id, 1, timeout.Token))
        {
            if (jobEvent.Progress is { } progress)
            {
                reports.Add(progress);
            }

            if (jobEvent.IsTerminal)
            {
                break;
            }
        }

        AssertStepsInOrder(reports, steps);
        var done = await AwaitJobAsync(job.Id);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(Step(steps, steps), done.Progress);
    }

    [Theory]
    [InlineData(true)]  // A reference cycle: System.Text.Json refuses it.
    [InlineData(false)] // A property getter that throws while the detail is serialized.
    public async Task SubmitAsync_ProgressDetailCannotSerialize_JobSucceedsWithTheReportsWithoutTheirDetail(bool cyclic)
    {
        const int steps = 3;
        var args = new ReportArgs(steps, CyclicDetail: cyclic, ThrowingDetail: !cyclic);

        var job = await AwaitJobAsync(Job(ContractTasks.Report, Json(args)));

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("3", job.Result!.GetJsonText());
        Assert.Equal(new JobProgress(1.0, "step 3"), job.Progress);
    }

    private static JobSubmission Job(string task, Payload args) => new() { Task = task, Args = args };

    private async Task<JobSnapshot> AwaitJobAsync(JobSubmission submission) => await AwaitJobAsync((await Host.Engine.SubmitAsync(submission)).Id);

    private async Task<JobSnapshot> AwaitJobAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        var job = await Host.Engine.AwaitAsync(id, null, timeout.Token);
        Assert.True(job.State.IsTerminal(), $"Job {id} is still {job.State}.");
        return job;
    }
}
