using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage.InMemory;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Lifecycle;

/// <summary>What an engine does on start with the unfinished jobs a previous process left in its store, and the lease heartbeat.</summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly StoreTestJobs _jobs = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Start_RunningJobOfADeadProcessWithAttemptsLeft_IsRequeuedAndRunsAttempt2()
    {
        var store = new InMemoryJobStore();
        var job = await LeaveRunningAsync(store, maxAttempts: 3);
        await using var harness = await EngineHarness.CreateAsync(store: store);

        var ended = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Succeeded, ended.State);
        Assert.Equal(2, ended.Attempt);
        var events = await store.ReadEventsAsync(job.Id, 1, 10);
        var requeued = events.Single(e => e.StateChange is { State: JobState.Queued, Attempt: 1 });
        Assert.Equal(JobErrorCodes.Aborted, requeued.StateChange!.Error!.Code);
    }

    [Fact]
    public async Task Start_RunningJobOfADeadProcessWithoutAttemptsLeft_FailsAborted()
    {
        var store = new InMemoryJobStore();
        var job = await LeaveRunningAsync(store, maxAttempts: 1);
        await using var harness = await EngineHarness.CreateAsync(store: store);

        var ended = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Failed, ended.State);
        Assert.Equal(JobErrorCodes.Aborted, ended.Error!.Code);
        Assert.Contains("server stopped while it ran", ended.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Probe.Runs);
    }

    [Fact]
    public async Task Start_SqliteStoreOfAStoppedEngine_RunsItsQueuedJobs()
    {
        string id;
        var first = _database.Open();
        await using (var before = await EngineHarness.CreateAsync(store: first, start: false))
        {
            id = (await before.Engine.SubmitAsync(EngineHarness.Job("test.record", """{"name":"a"}"""))).Id;
        }

        await first.DisposeAsync();
        await using var after = await EngineHarness.CreateAsync(store: _database.Open());

        var ended = await after.AwaitAsync(id);

        Assert.Equal(JobState.Succeeded, ended.State);
        Assert.Equal(["a"], after.Probe.StartOrder);
    }

    [Fact]
    public async Task Start_SqliteStoreOfAGracefullyStoppedEngine_RunsTheInterruptedJobAgainAsTheSameAttempt()
    {
        string id;
        var first = _database.Open();
        await using (var before = await EngineHarness.CreateAsync(store: first))
        {
            id = (await before.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"interrupted"}"""))).Id;
            await before.Probe.WaitStartedAsync(1);

            // Stop before the disposal: it opens the gate first, which could let the job succeed.
            await before.StopAsync();
        }

        await first.DisposeAsync();
        var store = _database.Open();
        await using var after = await EngineHarness.CreateAsync(store: store);
        await after.Probe.WaitStartedAsync(1);
        after.Probe.Release.TrySetResult();

        var ended = await after.AwaitAsync(id);

        Assert.Equal(JobState.Succeeded, ended.State);
        Assert.Equal(1, ended.Attempt);
        var changes = (await store.ReadEventsAsync(id, 1, 10)).Select(e => e.StateChange).OfType<JobStateChange>().ToList();
        Assert.Equal([JobState.Queued, JobState.Running, JobState.Queued, JobState.Running, JobState.Succeeded], changes.Select(c => c.State));
        Assert.Equal(JobErrorCodes.Aborted, changes[2].Error!.Code);
    }

    [Fact]
    public async Task LeaseHeartbeat_RunningJob_RenewsItsLeaseEveryThirdOfTheDuration()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EngineHarness.CreateAsync(o => o.LeaseDuration = TimeSpan.FromSeconds(30), time: time);
        var id = (await harness.Engine.SubmitAsync(EngineHarness.Job("test.gate", """{"name":"g"}"""))).Id;
        Assert.True(await harness.Probe.Started.WaitAsync(TestWait.Timeout)); // The handler runs: the start transition has released the job.
        var started = (await harness.Store.GetAsync(id))!.LeaseExpiresAt;

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(started + TimeSpan.FromSeconds(10), (await harness.Store.GetAsync(id))!.LeaseExpiresAt);
        harness.Probe.Release.TrySetResult();
        Assert.Null((await harness.AwaitAsync(id)).LeaseExpiresAt);
    }

    private async Task<JobSnapshot> LeaveRunningAsync(InMemoryJobStore store, int maxAttempts)
    {
        var job = _jobs.NewJob("test.record") with { Args = Payload.FromJson("""{"name":"r"}"""), MaxAttempts = maxAttempts, Executor = ExecutorKind.Async };
        await store.CreateAsync(job, StoreTestJobs.Created(job));
        var running = job with
        {
            State = JobState.Running,
            Attempt = 1,
            LastSequence = 2,
            LeaseOwner = "dead-node",
            LeaseExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        Assert.True(await store.TryApplyAsync(running, StoreTestJobs.Change(running, JobState.Running), 1));
        return running;
    }
}
