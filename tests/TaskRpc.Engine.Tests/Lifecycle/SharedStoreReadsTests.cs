using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Engine.Lifecycle;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Lifecycle;

/// <summary>
/// How often nodes on one PostgreSQL database read a job to follow it: a node answers for a job
/// it runs from its own runtime, with no store read; a node that follows a job running
/// elsewhere reads it once when it starts following it, and once more for its end.
/// </summary>
public sealed class SharedStoreReadsTests : IDisposable
{
    private readonly TempPostgresDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AwaitWaitGet_JobRunningOnThisNode_NoStoreRead()
    {
        var store = Open();
        await using var node = await Node("a", store);
        var first = await node.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"one"}"""));
        var second = await node.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"two"}"""));
        await node.Probe.WaitStartedAsync(2);
        var readsBefore = store.JobReads(first.Id) + store.JobReads(second.Id);

        var running = await node.Engine.GetAsync(first.Id);
        var awaited = node.Engine.AwaitAsync(first.Id).AsTask();
        var waited = node.Engine.WaitAsync([first.Id, second.Id], ReturnWhen.AllCompleted).AsTask();
        node.Probe.Release.SetResult();
        var done = await awaited.WaitAsync(TestWait.Timeout);
        var all = await waited.WaitAsync(TestWait.Timeout);

        Assert.Equal(JobState.Running, running.State);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(2, all.Done.Count);
        Assert.All(all.Done, job => Assert.Equal(JobState.Succeeded, job.State));
        Assert.Equal(readsBefore, store.JobReads(first.Id) + store.JobReads(second.Id));
        Assert.Equal(0, store.EventReads(first.Id) + store.EventReads(second.Id));
    }

    [Fact]
    public async Task AwaitAsync_JobThisNodeStartedAndEnded_NoStoreRead()
    {
        var store = Open();
        await using var node = await Node("a", store);
        var job = await node.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"short"}""")); // Started here (directly, or claimed if the node's first claim was still under way).
        await node.Probe.WaitStartedAsync(1);
        var readsBefore = store.JobReads(job.Id);
        var whileRunning = node.Engine.AwaitAsync(job.Id).AsTask();
        node.Probe.Release.SetResult();
        await whileRunning.WaitAsync(TestWait.Timeout);
        await LeftActiveJobsAsync(node, job.Id);

        var afterItEnded = await node.Engine.AwaitAsync(job.Id); // As a submitter's wait that starts after the job's end.

        Assert.Equal((JobState.Succeeded, "\"short\""), (afterItEnded.State, afterItEnded.Result!.GetJsonText()));
        Assert.Equal(readsBefore, store.JobReads(job.Id));
    }

    [Fact]
    public async Task AwaitAsync_JobWithBigPayloadsEndedHere_NotKeptOneStoreRead()
    {
        var store = Open();
        await using var node = await Node("a", store);
        var name = new string('x', 70 * 1024); // Args and result over the 64 KiB a kept job may hold.
        var job = await node.Engine.SubmitAsync(EngineHarness.Job("test.gate", $$"""{"name":"{{name}}"}"""));
        await node.Probe.WaitStartedAsync(1);
        var whileRunning = node.Engine.AwaitAsync(job.Id).AsTask();
        node.Probe.Release.SetResult();
        await whileRunning.WaitAsync(TestWait.Timeout);
        await LeftActiveJobsAsync(node, job.Id);
        var readsBefore = store.JobReads(job.Id);

        var afterItEnded = await node.Engine.AwaitAsync(job.Id);

        Assert.Equal(JobState.Succeeded, afterItEnded.State);
        Assert.Equal(readsBefore + 1, store.JobReads(job.Id));
    }

    [Fact]
    public async Task AwaitAsync_TwoWaitersOnAnotherNode_OneReadToAttachOneForTheEnd()
    {
        var runsIt = Open();
        await using var a = await Node("a", runsIt);
        var job = await a.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"far"}"""));
        await a.Probe.WaitStartedAsync(1);
        var follows = Open();
        await using var b = await Node("b", follows); // Joins once the job runs on a: b never claims it.

        var firstWaiter = b.Engine.AwaitAsync(job.Id).AsTask();
        var secondWaiter = await AttachedAsync(b, job.Id, firstWaiter);
        var readsWhileRunning = follows.JobReads(job.Id);
        a.Probe.Release.SetResult();
        var done = await Task.WhenAll(firstWaiter, secondWaiter).WaitAsync(TestWait.Timeout);

        Assert.All(done, d => Assert.Equal(JobState.Succeeded, d.State));
        Assert.All(done, d => Assert.Equal("\"far\"", d.Result!.GetJsonText()));
        Assert.Equal(1, readsWhileRunning);
        Assert.Equal(2, follows.JobReads(job.Id));
    }

    [Fact]
    public async Task SubscribeAsync_JobRunningOnAnotherNode_EveryEventOnceInOrder()
    {
        var runsIt = Open();
        await using var a = await Node("a", runsIt);
        var job = await a.Engine.SubmitAsync(EngineHarness.Job("test.progress", "20"));
        await RunningAsync(a, job.Id);
        await using var b = await Node("b", Open());

        var sequences = new List<long>();
        var reading = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(TestWait.Timeout);
            await foreach (var jobEvent in b.Engine.SubscribeAsync(job.Id, 0, timeout.Token))
            {
                sequences.Add(jobEvent.Sequence);
            }
        });
        a.Probe.Step.Release(20);
        await reading.WaitAsync(TestWait.Timeout);
        var stored = await runsIt.GetAsync(job.Id);

        Assert.Equal(JobState.Succeeded, stored!.State);
        Assert.Equal(Enumerable.Range(1, (int)stored.LastSequence).Select(i => (long)i), sequences);
    }

    /// <summary>A second waiter on <paramref name="node"/>, once the first one's hub entry knows the job (a subscriber that saw its first event attached after it).</summary>
    private static async Task<Task<JobSnapshot>> AttachedAsync(EngineHarness node, string jobId, Task<JobSnapshot> first)
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        await using var events = node.Engine.SubscribeAsync(jobId, 0, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.False(first.IsCompleted);
        return node.Engine.AwaitAsync(jobId).AsTask();
    }

    /// <summary>Waits until the job's runtime left the node's active jobs (right after its end was published).</summary>
    private static async Task LeftActiveJobsAsync(EngineHarness node, string jobId)
    {
        var active = node.Services.GetRequiredService<ActiveJobs>();
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (active.Contains(jobId))
        {
            await ticks.WaitForNextTickAsync(timeout.Token);
        }
    }

    private static async Task RunningAsync(EngineHarness node, string jobId)
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        await foreach (var jobEvent in node.Engine.SubscribeAsync(jobId, 0, timeout.Token))
        {
            if (jobEvent.StateChange?.State == JobState.Running)
            {
                return;
            }
        }
    }

    private CountingSharedStore Open() => new(_database.Open(o => o.Schema = "shared"));

    private static Task<EngineHarness> Node(string name, CountingSharedStore store) =>
        EngineHarness.CreateAsync(o => o.NodeId = name, store: store);
}
