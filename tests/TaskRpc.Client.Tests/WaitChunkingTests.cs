using TaskRpc.Client.Internal;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

/// <summary>Waits on more jobs than one Wait call takes: one call per chunk of ids, answers combined.</summary>
public sealed class WaitChunkingTests(ClientTestServer server) : ClientTestBase(server)
{
    private const int IdsPerCall = 2;

    [Fact]
    public async Task WaitAsync_FirstCompletedAcrossChunks_ReturnsWhenTheFastJobEnds()
    {
        RemoteJob<SleepResult>[] jobs = [await SleepAsync(60), await SleepAsync(60), await SleepAsync(60), await SleepAsync(60), await SleepAsync(0.05)];

        var (done, pending) = await JobWaiter.WaitAsync(jobs, ReturnWhen.FirstCompleted, null, IdsPerCall, Timeout);

        Assert.Equal([jobs[4]], done);
        Assert.Equal(jobs[..4], pending);
        await Task.WhenAll(jobs[..4].Select(job => job.CancelAsync(cancellationToken: Timeout)));
    }

    [Fact]
    public async Task WaitAsync_FirstExceptionAcrossChunks_ReturnsWhenOneFails()
    {
        RemoteJob<SleepResult>[] jobs = [await SleepAsync(60), await SleepAsync(60), await SleepAsync(0), await FailAsync("chunked"), await SleepAsync(60)];
        await jobs[2];

        var (done, pending) = await JobWaiter.WaitAsync(jobs, ReturnWhen.FirstException, null, IdsPerCall, Timeout);

        Assert.Equal([jobs[2], jobs[3]], done.OrderBy(job => Array.IndexOf(jobs, job)));
        Assert.Equal(JobState.Failed, jobs[3].State);
        Assert.Equal([jobs[0], jobs[1], jobs[4]], pending);
        await Task.WhenAll(pending.Select(job => job.CancelAsync(cancellationToken: Timeout)));
    }

    [Fact]
    public async Task WaitAsync_AllCompletedAcrossChunks_WaitsForEveryJob()
    {
        RemoteJob<SleepResult>[] jobs = [await SleepAsync(0.3), await SleepAsync(0), await SleepAsync(0.1), await FailAsync("done too"), await SleepAsync(0.2)];

        var (done, pending) = await JobWaiter.WaitAsync(jobs, ReturnWhen.AllCompleted, null, IdsPerCall, Timeout);

        Assert.Equal(5, done.Count);
        Assert.Empty(pending);
        Assert.All(jobs, job => Assert.NotEqual(JobState.Running, job.State));
    }

    [Fact]
    public async Task WhenAll_MoreJobsThanTheServersWaitLimit_ReturnsEveryResult()
    {
        const int count = JobWaiter.MaxIdsPerCall + 1;
        var jobs = new RemoteJob<EchoArgs>[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Timeout }, async (i, ct) =>
            jobs[i] = await Client.SubmitAsync<EchoArgs>("demo.echo", new EchoArgs(i), cancellationToken: ct));

        var results = await TaskRpcCombinators.WhenAll(jobs, Timeout);

        Assert.Equal(Enumerable.Range(0, count), results.Select(r => r.N));
    }

    public sealed record EchoArgs(int N);
}
