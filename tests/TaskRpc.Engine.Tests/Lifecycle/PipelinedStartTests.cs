using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Lifecycle;

/// <summary>
/// The pipelined start on the SQLite store: an attempt may start before its Running transition
/// is durable, but no subscriber sees Running (or anything after it) before it is committed, and
/// a job recovered at start-up starts only after its Running transition committed.
/// </summary>
public sealed class PipelinedStartTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly StoreTestJobs _jobs = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Subscribe_ManyJobsOnSqlite_EveryEventCommittedBeforePublishedInGaplessOrder()
    {
        var store = _database.Open();
        await using var harness = await EngineHarness.CreateAsync(store: store);
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add((await harness.Engine.SubmitAsync(EngineHarness.Job("test.record", $$"""{"name":"j{{i}}"}"""))).Id);
        }

        await Task.WhenAll(ids.Select(async id =>
        {
            var states = new List<JobState>();
            var expected = 1L;
            using var timeout = new CancellationTokenSource(TestWait.Timeout);
            await foreach (var jobEvent in harness.Engine.SubscribeAsync(id, 0, timeout.Token))
            {
                Assert.Equal(expected++, jobEvent.Sequence);
                var stored = await store.GetAsync(id);
                Assert.True(stored!.LastSequence >= jobEvent.Sequence, $"{id}: event {jobEvent.Sequence} published while the store had {stored.LastSequence}.");
                if (jobEvent.StateChange is { } change)
                {
                    states.Add(change.State);
                    if (change.State.IsTerminal())
                    {
                        break;
                    }
                }
            }

            Assert.Equal([JobState.Queued, JobState.Running, JobState.Succeeded], states);
        }));
    }

    [Fact]
    public async Task Start_RecoveredQueuedJob_RunningIsDurableWhenItsHandlerStarts()
    {
        var store = _database.Open();
        var job = _jobs.NewJob("test.gate") with { Args = Payload.FromJson("""{"name":"r"}""") };
        await store.CreateAsync(job, StoreTestJobs.Created(job));
        await using var harness = await EngineHarness.CreateAsync(store: store);

        await harness.Probe.WaitStartedAsync(1);
        var stored = await store.GetAsync(job.Id);
        harness.Probe.Release.TrySetResult();
        var ended = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Running, stored!.State);
        Assert.Equal(1, stored.Attempt);
        Assert.Equal(JobState.Succeeded, ended.State);
    }
}
