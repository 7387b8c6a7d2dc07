using System.Globalization;
using System.Text.RegularExpressions;
using TaskRpc.Contracts.V1;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// A node on PostgreSQL that has a free slot and no runnable job waiting starts a submitted job
/// itself: the job is created Running with this node's lease (its create is its claim), so no
/// claim statement runs for it; a job queued while the slots were busy still starts first.
/// </summary>
[Collection(ClusterSerial.Name)]
public sealed partial class DirectStartTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Submit_IdleNode_StartsEachJobWithoutAClaim()
    {
        // The hour-long poll keeps the poll's claims out of the count.
        await using var cluster = await ServerCluster.StartAsync(1, "--Engine:SharedStorePollInterval=01:00:00");
        var node = cluster.Nodes[0];
        await node.Client.RunAsync("demo.echo", """{"warm": true}""");
        var claimsBefore = await ClaimsAsync(node.HttpPort);

        for (var i = 0; i < 10; i++)
        {
            var job = await node.Client.RunAsync("demo.echo", $$"""{"i": {{i}}}""");

            Assert.Equal((JobState.Succeeded, 1), (job.State, job.Attempt));
            var history = await node.Client.ReadEventsAsync(job.Id);
            Assert.Equal(
                [(1UL, JobState.Queued, 0), (2UL, JobState.Running, 1), (3UL, JobState.Succeeded, 1)],
                history.Select(e => (e.Sequence, e.StateChange.State, e.StateChange.Attempt)));
        }

        Assert.Equal(claimsBefore, await ClaimsAsync(node.HttpPort));
    }

    [Fact]
    public async Task Submit_WhileAJobWaitsForTheSlot_TheWaitingJobStartsFirst()
    {
        await using var cluster = await ServerCluster.StartAsync(1, "--Engine:Threads:MaxConcurrency=1");
        var client = cluster.Nodes[0].Client;
        var blocker = await client.SubmitAsync("demo.blocking_sleep", """{"seconds": 600, "steps": 6000}""");
        await client.WaitForStateAsync(blocker.Id, JobState.Running);
        var waiting = await client.SubmitAsync("demo.blocking_sleep", """{"seconds": 0.05}""");

        await client.CancelAsync(blocker.Id);
        var later = await client.SubmitAsync("demo.blocking_sleep", """{"seconds": 0.05}""");
        var all = await client.WaitAsync([waiting.Id, later.Id], ReturnWhen.AllCompleted);

        Assert.All(all.Done, j => Assert.Equal(JobState.Succeeded, j.State));
        var (first, second) = (all.Done.Single(j => j.Id == waiting.Id), all.Done.Single(j => j.Id == later.Id));
        Assert.True(first.StartTime.ToDateTimeOffset() <= second.StartTime.ToDateTimeOffset(), $"The waiting job started at {first.StartTime}, the later one at {second.StartTime}.");
    }

    /// <summary>How many claim statements the node ran (the store-write histogram's count for operation "claim").</summary>
    private static async Task<long> ClaimsAsync(int httpPort)
    {
        var text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics"));
        var match = ClaimCount().Match(text);
        Assert.True(match.Success, "No claim count in /metrics.");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^taskrpc_store_write_duration_seconds_count\{[^}]*operation="claim"[^}]*\} (\d+)""", RegexOptions.Multiline)]
    private static partial Regex ClaimCount();
}
