using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// kill -9 of the node that runs the jobs: once their leases expire, the other nodes take them
/// over with single-node crash semantics (re-queued with the attempt counted, or FAILED ABORTED
/// when none is left); jobs that were only queued run elsewhere; live leases are never taken.
/// </summary>
[Collection(ClusterSerial.Name)]
public sealed class NodeLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Kill9OfTheRunningNode_ItsJobsFinishOnTheOthers_NoneLostNoneTwiceAtOnce()
    {
        await using var cluster = await ServerCluster.StartAsync(3, $"--Engine:LeaseDuration={Lease}", "--Engine:SharedStorePollInterval=00:00:00.250");
        var doomed = cluster.Nodes[0];

        // Freeze the other two so that the doomed node claims every job, then kill it and thaw them.
        foreach (var node in cluster.Nodes.Skip(1))
        {
            await ProcessTable.SignalAsync("STOP", node.Pid);
        }

        var retried = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            retried.Add((await doomed.Client.SubmitAsync("demo.sleep", """{"seconds": 3, "steps": 3}""", r => r.Retry = new RetryPolicy { MaxAttempts = 2 })).Id);
        }

        var lastAttempt = (await doomed.Client.SubmitAsync("demo.sleep", """{"seconds": 3}""")).Id;
        var delayed = (await doomed.Client.SubmitAsync("demo.echo", """{"delayed": true}""", r => r.Delay = Durations.Seconds(2))).Id;
        foreach (var id in retried.Append(lastAttempt))
        {
            await doomed.Client.WaitForStateAsync(id, JobState.Running);
        }

        await doomed.KillAsync();
        foreach (var node in cluster.Nodes.Skip(1))
        {
            await ProcessTable.SignalAsync("CONT", node.Pid);
        }

        var survivor = cluster.Nodes[1];
        var live = (await survivor.Client.SubmitAsync("demo.sleep", $$"""{"seconds": {{2 * Lease.TotalSeconds}}, "steps": 6}""")).Id;
        var all = await survivor.Client.WaitAsync([.. retried, lastAttempt, delayed, live], ReturnWhen.AllCompleted, TimeSpan.FromSeconds(25));

        Assert.Empty(all.Pending);
        var done = all.Done.ToDictionary(j => j.Id);
        foreach (var id in retried)
        {
            Assert.Equal(JobState.Succeeded, done[id].State);
            Assert.Equal(2, done[id].Attempt);
            var events = await cluster.Nodes[2].Client.ReadEventsAsync(id);
            var states = events.Where(e => e.StateChange is not null).Select(e => e.StateChange).ToList();
            Assert.Equal([JobState.Queued, JobState.Running, JobState.Queued, JobState.Running, JobState.Succeeded], states.Select(s => s.State));
            Assert.Equal("ABORTED", states[2].Error.Code);
            var started = events.First(e => e.StateChange?.State == JobState.Running).Time.ToDateTimeOffset();
            var takenOver = events.Where(e => e.StateChange is not null).ElementAt(2).Time.ToDateTimeOffset();
            output.WriteLine($"{id}: attempt 1 started {started:HH:mm:ss.fff}, taken over {takenOver:HH:mm:ss.fff}");
            Assert.True(takenOver >= started + Lease, $"Job {id} was taken over at {takenOver:O}, before its first lease ({started + Lease:O}) could have expired.");
        }

        Assert.Equal(JobState.Failed, done[lastAttempt].State);
        Assert.Equal("ABORTED", done[lastAttempt].Error.Code);
        Assert.Equal(JobState.Succeeded, done[delayed].State);
        Assert.Equal(1, done[delayed].Attempt);
        Assert.Equal(JobState.Succeeded, done[live].State);
        Assert.Equal(1, done[live].Attempt);
    }
}
