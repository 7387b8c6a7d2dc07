using Grpc.Core;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

public sealed class RemoteJobAwaitTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task Await_SucceedingJob_ReturnsTypedResultAndState()
    {
        var job = await SleepAsync(0.05, steps: 2);

        var result = await job;

        Assert.Equal(new SleepResult(0.05, 2), result);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("demo.sleep", job.TaskName);
        Assert.False(string.IsNullOrEmpty(job.Id));
    }

    [Fact]
    public async Task Await_FailingJob_ThrowsRemoteJobFailedExceptionWithRemoteError()
    {
        var job = await FailAsync("boom from the test");

        var error = await Assert.ThrowsAsync<RemoteJobFailedException>(async () => await job);

        Assert.Equal(job.Id, error.JobId);
        Assert.Equal("demo.fail", error.TaskName);
        Assert.Equal("UNKNOWN", error.ErrorCode);
        Assert.Contains("boom from the test", error.RemoteMessage, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, job.State);
    }

    [Fact]
    public async Task Await_CancelledJob_ThrowsOperationCanceledException()
    {
        var job = await SleepAsync(60);

        Assert.True(await job.CancelAsync("test", Timeout));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await job);
        Assert.Equal(JobState.Cancelled, job.State);
    }

    [Fact]
    public async Task CancelAsync_FinishedJob_ReturnsFalse()
    {
        var job = await SleepAsync(0);
        await job;

        Assert.False(await job.CancelAsync(cancellationToken: Timeout));
    }

    [Fact]
    public async Task GetResultAsync_TokenCancelled_StopsWaitingAndJobGoesOn()
    {
        var job = await SleepAsync(60);
        await WaitUntilRunningAsync(job);
        using var waiting = new CancellationTokenSource();

        var result = job.GetResultAsync(waiting.Token).AsTask();
        await waiting.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => result);
        Assert.Equal(JobState.Running, (await job.GetAsync(Timeout)).State);
        await job.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task GetResultAsync_TokenCancelledWithCancelRemoteJob_CancelsTheRemoteJob()
    {
        var job = await SleepAsync(60);
        await WaitUntilRunningAsync(job);
        using var waiting = new CancellationTokenSource();

        var result = job.GetResultAsync(cancelRemoteJob: true, waiting.Token).AsTask();
        await waiting.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => result);
        var ended = await job.WaitAsync(Timeout);
        Assert.Equal(JobState.Cancelled, ended.State);
    }

    [Fact]
    public async Task GetJobAsync_UnknownId_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<TaskRpcTransportException>(() => Client.GetJobAsync<string>("no-such-job", Timeout));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task GetJobAsync_ExistingJob_AwaitsTheSameResult()
    {
        var submitted = await SleepAsync(0.05);

        var found = await Client.GetJobAsync<SleepResult>(submitted.Id, Timeout);

        Assert.Equal(await submitted, await found);
    }

    [Fact]
    public async Task SubmitAsync_UnknownTask_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<TaskRpcTransportException>(() => Client.SubmitAsync<string>("no.such.task", cancellationToken: Timeout));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private async Task WaitUntilRunningAsync(RemoteJob job)
    {
        await foreach (var jobEvent in job.WatchAsync(cancellationToken: Timeout))
        {
            if (jobEvent.StateChange?.State == JobState.Running)
            {
                return;
            }
        }

        Assert.Fail("The job ended without running.");
    }
}
