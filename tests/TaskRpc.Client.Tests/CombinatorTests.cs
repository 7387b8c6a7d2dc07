using System.Diagnostics;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

public sealed class CombinatorTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task WhenAll_ThreeJobs_ReturnsResultsInOrder()
    {
        RemoteJob<SleepResult>[] jobs = [await SleepAsync(0.3), await SleepAsync(0.1), await SleepAsync(0.2)];

        var results = await TaskRpcCombinators.WhenAll(jobs, Timeout);

        Assert.Equal([0.3, 0.1, 0.2], results.Select(r => r.Slept));
        Assert.All(jobs, job => Assert.Equal(JobState.Succeeded, job.State));
    }

    [Fact]
    public async Task WhenAll_OneJobFails_ThrowsWithoutWaitingForTheRest()
    {
        var slow = await SleepAsync(60);
        var failing = await FailAsync("gather failure");

        var error = await Assert.ThrowsAsync<RemoteJobFailedException>(() => TaskRpcCombinators.WhenAll([slow, failing], Timeout));

        Assert.Equal(failing.Id, error.JobId);
        Assert.Equal(JobState.Running, (await slow.GetAsync(Timeout)).State);
        await slow.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task GatherAsync_ReturnExceptions_ReturnsEveryOutcomeInOrder()
    {
        var ok = await SleepAsync(0.05);
        var failing = await FailAsync("returned, not thrown");
        var cancelled = await SleepAsync(60);
        await cancelled.CancelAsync(cancellationToken: Timeout);

        var outcomes = await TaskRpcCombinators.GatherAsync([ok, failing, cancelled], returnExceptions: true, Timeout);

        Assert.True(outcomes[0].Succeeded);
        Assert.Equal(0.05, outcomes[0].Result!.Slept);
        Assert.Contains("returned, not thrown", Assert.IsType<RemoteJobFailedException>(outcomes[1].Exception).RemoteMessage, StringComparison.Ordinal);
        Assert.IsType<OperationCanceledException>(outcomes[2].Exception);
    }

    [Fact]
    public async Task GatherAsync_WithoutReturnExceptions_Throws()
    {
        var ok = await SleepAsync(0);
        var failing = await FailAsync("thrown");

        await Assert.ThrowsAsync<RemoteJobFailedException>(() => TaskRpcCombinators.GatherAsync([ok, failing], cancellationToken: Timeout));
    }

    [Fact]
    public async Task WhenAny_FastAndSlow_ReturnsTheFastOne()
    {
        var slow = await SleepAsync(60);
        var fast = await SleepAsync(0.05);

        var first = await TaskRpcCombinators.WhenAny([slow, fast], Timeout);

        Assert.Same(fast, first);
        Assert.Equal(0.05, (await first).Slept);
        await slow.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task WaitAsync_FirstCompleted_ReturnsTheDoneAndThePending()
    {
        var slow = await SleepAsync(60);
        var fast = await SleepAsync(0.05);

        var (done, pending) = await TaskRpcCombinators.WaitAsync([slow, fast], ReturnWhen.FirstCompleted, cancellationToken: Timeout);

        Assert.Equal([fast], done);
        Assert.Equal([slow], pending);
        await slow.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task WaitAsync_FirstException_ReturnsWhenOneFails()
    {
        var slow = await SleepAsync(60);
        var ok = await SleepAsync(0);
        await ok;
        var failing = await FailAsync("first exception");

        var (done, pending) = await TaskRpcCombinators.WaitAsync([slow, ok, failing], ReturnWhen.FirstException, cancellationToken: Timeout);

        Assert.Equal([ok.Id, failing.Id], done.Select(j => j.Id).Order());
        Assert.Equal([slow], pending);
        await slow.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task WaitAsync_AllCompleted_WaitsForEveryJob()
    {
        RemoteJob<SleepResult>[] jobs = [await SleepAsync(0.2), await FailAsync("still completed"), await SleepAsync(0.05)];

        var (done, pending) = await TaskRpcCombinators.WaitAsync(jobs, ReturnWhen.AllCompleted, cancellationToken: Timeout);

        Assert.Equal(3, done.Count);
        Assert.Empty(pending);
        Assert.Equal([JobState.Succeeded, JobState.Failed, JobState.Succeeded], jobs.Select(j => j.State));
    }

    [Fact]
    public async Task WaitAsync_TimeoutBeforeAnyEnds_ReturnsAllPendingAfterTheTimeout()
    {
        var slow = await SleepAsync(60);
        var clock = Stopwatch.StartNew();

        var (done, pending) = await TaskRpcCombinators.WaitAsync([slow], ReturnWhen.FirstCompleted, TimeSpan.FromMilliseconds(300), Timeout);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), Patience);
        Assert.Empty(done);
        Assert.Equal([slow], pending);
        await slow.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task AsCompleted_JobsOfDifferentLengths_YieldsThemInFinishOrder()
    {
        RemoteJob<SleepResult>[] jobs = [await SleepAsync(1.5), await SleepAsync(0.05), await SleepAsync(0.8)];
        var order = new List<(double Slept, DateTime Finished)>();

        await foreach (var job in TaskRpcCombinators.AsCompleted(jobs, cancellationToken: Timeout))
        {
            order.Add(((await job).Slept, (await job.WaitAsync(Timeout)).FinishTime.ToDateTime()));
        }

        // Finish order is the server's: usually 0.05, 0.8, 1.5, but a loaded machine can delay a
        // submit (the 0.8 s job starts last) enough to end it after the 1.5 s one.
        Assert.Equal([0.05, 0.8, 1.5], order.Select(o => o.Slept).Order());
        Assert.Equal(order.OrderBy(o => o.Finished), order);
    }

    [Fact]
    public async Task AsCompleted_TimeoutPasses_ThrowsTimeoutException()
    {
        var slow = await SleepAsync(60);

        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (var unused in TaskRpcCombinators.AsCompleted([slow], TimeSpan.FromMilliseconds(100), Timeout))
            {
            }
        });
        await slow.CancelAsync(cancellationToken: Timeout);
    }
}
