using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Lifecycle;

/// <summary>
/// The direct start on a shared store (PostgreSQL): a job submitted to a node with a free slot is
/// created started there, its create being its claim, and a submission that comes while a claim
/// round is under way waits for that round instead of being created queued for the next one.
/// </summary>
public sealed class DirectStartTests : IDisposable
{
    private readonly TempPostgresDatabase _database = new();
    private readonly StoreTestJobs _jobs = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Submit_WhileAClaimRoundIsUnderWay_WaitsForItAndIsCreatedStarted()
    {
        var store = new CountingSharedStore(_database.Open(o => o.Schema = "shared"));
        await using var node = await EngineHarness.CreateAsync(o => (o.NodeId, o.SharedStorePollInterval) = ("a", TimeSpan.FromHours(1)), store: store);
        await TestWait.UntilAsync(() => store.ClaimsSettled, "the node listens and its first claims ended");
        var release = store.HoldClaims();
        var elsewhere = _jobs.NewJob("elsewhere.task") with { Executor = ExecutorKind.Async }; // Queued by another node, for a task this one does not run.
        await using (var other = _database.Open(o => o.Schema = "shared"))
        {
            await other.CreateAsync(elsewhere, StoreTestJobs.Created(elsewhere)); // Its signal wakes this node's claims.
        }

        await store.ClaimHeld.WaitAsync(TestWait.Timeout);
        var submit = node.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"during the claim"}""")).AsTask();
        var createdBeforeRelease = store.CreatedQueued + store.CreatedStarted;
        release.SetResult();
        var job = await submit.WaitAsync(TestWait.Timeout);
        await node.Probe.WaitStartedAsync(1);
        node.Probe.Release.SetResult();
        var ended = await node.Engine.AwaitAsync(job.Id).AsTask().WaitAsync(TestWait.Timeout);

        Assert.Equal(0, createdBeforeRelease);
        Assert.Equal((0, 1), (store.CreatedQueued, store.CreatedStarted));
        Assert.Equal(JobState.Succeeded, ended.State);
        Assert.Equal(JobState.Queued, (await store.GetAsync(elsewhere.Id))!.State);
    }
}
