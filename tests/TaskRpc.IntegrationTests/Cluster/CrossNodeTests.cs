using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// Three server processes on one PostgreSQL: any node answers for any job. Which node runs a job
/// is read from its lease in the database, so each test can act from a node that does not run it.
/// </summary>
[Collection(ClusterSerial.Name)]
public sealed class CrossNodeTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly ServerCluster _cluster = fixture.Cluster;

    private ServerProcess Node(int index) => _cluster.Nodes[index];

    [Fact]
    public async Task Await_SubmittedOnOneNode_AnotherNodeReturnsTheResult()
    {
        for (var i = 0; i < 3; i++)
        {
            var job = await Node(i).Client.SubmitAsync("demo.echo", $$"""{"n": {{i}}}""");

            var done = await Node((i + 1) % 3).Client.AwaitAsync(job.Id);
            var ran = await Node((i + 2) % 3).Client.RunAsync("demo.echo", $$"""{"m": {{i}}}""");

            Assert.Equal(JobState.Succeeded, done.State);
            Assert.Equal(i, JsonPayload.Parse(done.Result).GetProperty("n").GetInt32());
            Assert.Equal(JobState.Succeeded, ran.State);
            Assert.Equal(i, JsonPayload.Parse(ran.Result).GetProperty("m").GetInt32());
        }
    }

    [Fact]
    public async Task StreamProgress_JobRunningOnAnotherNode_GaplessInOrderAndResumable()
    {
        var job = await Node(0).Client.SubmitAsync("demo.sleep", """{"seconds": 1.5, "steps": 30}""");
        await Node(0).Client.WaitForStateAsync(job.Id, JobState.Running);
        var owner = await _cluster.OwnerOfAsync(job.Id);
        Assert.NotNull(owner);
        var watchers = _cluster.Nodes.Where(n => n != owner).ToList();

        var live = await Task.WhenAll(watchers.Select(n => n.Client.ReadEventsAsync(job.Id)));
        var resumed = await watchers[1].Client.ReadEventsAsync(job.Id, fromSequence: 5);

        foreach (var events in live)
        {
            AssertGapless(events, job.Id);
            Assert.Equal(JobState.Succeeded, events[^1].StateChange.State);
            Assert.Contains(events, e => e.EventCase == JobEvent.EventOneofCase.Progress);
        }

        Assert.Equal(live[0], live[1]);
        Assert.Equal(live[0].Skip(4), resumed);
    }

    [Fact]
    public async Task Cancel_JobRunningOnAnotherNode_StopsIt()
    {
        var job = await Node(1).Client.SubmitAsync("demo.sleep", """{"seconds": 600, "steps": 6000}""");
        await Node(1).Client.WaitForStateAsync(job.Id, JobState.Running);
        var owner = await _cluster.OwnerOfAsync(job.Id) ?? throw new InvalidOperationException("No lease owner.");
        var canceller = _cluster.Other(owner);

        var response = await canceller.Client.CancelAsync(job.Id, "from another node");
        var done = await _cluster.Other(canceller).Client.AwaitAsync(job.Id);

        Assert.True(response.Cancelled);
        Assert.Equal(JobState.Cancelled, done.State);
        Assert.Contains("from another node", done.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_CpuBoundProcessJobOnAnotherNode_ThePoolKillsIt()
    {
        var job = await Node(2).Client.SubmitAsync("demo.cpu", """{"n": 1000000000000, "ignore_cancel": true}""");
        await Node(2).Client.WaitForStateAsync(job.Id, JobState.Running);
        var owner = await _cluster.OwnerOfAsync(job.Id) ?? throw new InvalidOperationException("No lease owner.");

        await _cluster.Other(owner).Client.CancelAsync(job.Id);
        var done = await _cluster.Other(owner).Client.AwaitAsync(job.Id);

        Assert.Equal(JobState.Cancelled, done.State);
        Assert.False(owner.HasExited);
    }

    [Fact]
    public async Task Wait_JobsRunningOnDifferentNodes_FirstCompletedThenAllCompleted()
    {
        // One Threads slot per node: three blocking jobs run on three nodes.
        var jobs = new List<Job>();
        foreach (var (seconds, node) in new[] { (0.3, 0), (60.0, 1), (60.0, 2) })
        {
            jobs.Add(await Node(node).Client.SubmitAsync("demo.blocking_sleep", $$"""{"seconds": {{seconds}}, "steps": {{(int)(seconds * 10)}}}"""));
        }

        foreach (var job in jobs)
        {
            await Node(0).Client.WaitForStateAsync(job.Id, JobState.Running);
        }

        var owners = await Task.WhenAll(jobs.Skip(1).Select(j => _cluster.OwnerOfAsync(j.Id)));
        var first = await Node(1).Client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.FirstCompleted);
        await Node(0).Client.CancelAllAsync(jobs.Skip(1).Select(j => j.Id));
        var all = await Node(2).Client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.AllCompleted);

        Assert.Equal(2, owners.Distinct().Count());
        Assert.Equal(jobs[0].Id, Assert.Single(first.Done).Id);
        Assert.Equal(2, first.Pending.Count);
        Assert.Equal(3, all.Done.Count);
        Assert.Empty(all.Pending);
        Assert.Equal([JobState.Succeeded, JobState.Cancelled, JobState.Cancelled], jobs.Select(j => all.Done.Single(d => d.Id == j.Id).State));
    }

    [Fact]
    public async Task Submit_HigherPriorityOnAnotherNode_StartsBeforeEarlierLowerPriority()
    {
        // Hold the cluster's three Threads slots, queue low then high priority on different nodes, free the slots.
        var blockers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            blockers.Add((await Node(i).Client.SubmitAsync("demo.blocking_sleep", """{"seconds": 600, "steps": 6000}""")).Id);
        }

        foreach (var id in blockers)
        {
            await Node(0).Client.WaitForStateAsync(id, JobState.Running);
        }

        var low = new List<string>();
        var high = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            low.Add((await Node(0).Client.SubmitAsync("demo.blocking_sleep", """{"seconds": 0.3, "steps": 3}""", r => r.Priority = 0)).Id);
        }

        for (var i = 0; i < 3; i++)
        {
            high.Add((await Node(1).Client.SubmitAsync("demo.blocking_sleep", """{"seconds": 1, "steps": 10}""", r => r.Priority = 10)).Id);
        }

        await Node(2).Client.CancelAllAsync(blockers);
        var all = await Node(2).Client.WaitAsync([.. low, .. high], ReturnWhen.AllCompleted);

        Assert.Empty(all.Pending);
        Assert.All(all.Done, j => Assert.Equal(JobState.Succeeded, j.State));
        var lastHighStart = high.Max(id => all.Done.Single(j => j.Id == id).StartTime.ToDateTimeOffset());
        var firstLowStart = low.Min(id => all.Done.Single(j => j.Id == id).StartTime.ToDateTimeOffset());
        Assert.True(lastHighStart < firstLowStart, $"High-priority jobs started until {lastHighStart:O}, low-priority ones from {firstLowStart:O}.");
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyOnThreeNodesAtOnce_MakesOneJob()
    {
        for (var round = 0; round < 5; round++)
        {
            var key = $"race-{round}-{Guid.NewGuid():N}";
            var submits = Enumerable.Range(0, 12).Select(i => Node(i % 3).Client.SubmitAsync("demo.sleep", """{"seconds": 0.1}""", r => r.IdempotencyKey = key));

            var jobs = await Task.WhenAll(submits);

            Assert.Single(jobs.Select(j => j.Id).Distinct());
            var done = await Node(round % 3).Client.AwaitAsync(jobs[0].Id);
            Assert.Equal(JobState.Succeeded, done.State);
            Assert.Equal(1, done.Attempt);
        }
    }

    private static void AssertGapless(List<JobEvent> events, string jobId)
    {
        Assert.NotEmpty(events);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (ulong)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal(jobId, e.JobId));
    }
}
