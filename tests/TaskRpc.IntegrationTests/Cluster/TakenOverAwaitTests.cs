using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// A node answers Await, Wait and Get of a job it runs from its own runtime, with no store read.
/// When another node takes the job over (this node's lease expired while it was frozen), the
/// node's waiters must still get the job's end, as the store has it.
/// </summary>
[Collection(ClusterSerial.Name)]
public sealed class TakenOverAwaitTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task AwaitWaitGet_JobTakenOverFromTheNodeRunningIt_ReturnTheEndOnThatNode()
    {
        await using var cluster = await ServerCluster.StartAsync(2, $"--Engine:LeaseDuration={Lease}", "--Engine:SharedStorePollInterval=00:00:00.250");
        var (runner, other) = (cluster.Nodes[0], cluster.Nodes[1]);

        // Only the runner claims: the other node is frozen until the job runs.
        await ProcessTable.SignalAsync("STOP", other.Pid);
        var job = await runner.Client.SubmitAsync("demo.sleep", """{"seconds": 600, "steps": 600}""", r => r.Retry = new RetryPolicy { MaxAttempts = 1 });
        await runner.Client.WaitForStateAsync(job.Id, JobState.Running);
        await ProcessTable.SignalAsync("CONT", other.Pid);

        var awaited = runner.Client.AwaitAsync(job.Id);
        var waited = runner.Client.WaitAsync([job.Id], ReturnWhen.AllCompleted);
        await ProcessTable.SignalAsync("STOP", runner.Pid);
        Job takenOver;
        try
        {
            takenOver = await other.Client.AwaitAsync(job.Id); // Its lease expires: the other node fails it ABORTED (no attempt left).
        }
        finally
        {
            await ProcessTable.SignalAsync("CONT", runner.Pid);
        }

        var done = await awaited;
        var all = await waited;
        var got = await runner.Client.GetAsync(job.Id);

        Assert.Equal(JobState.Failed, takenOver.State);
        Assert.Equal("ABORTED", takenOver.Error.Code);
        Assert.Equal(takenOver, done);
        Assert.Equal(takenOver, Assert.Single(all.Done));
        Assert.Equal(takenOver, got);
    }
}
