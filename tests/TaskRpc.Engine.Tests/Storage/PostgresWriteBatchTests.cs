using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Storage.PostgreSql;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>
/// The group-commit writer's bulk statements on a real PostgreSQL: writes queued together (as a
/// node's callers queue them, without waiting for each other) land in shared batches, where
/// several writes of one job keep their order and every write gets its own result.
/// </summary>
public sealed class PostgresWriteBatchTests : IClassFixture<PostgresJobStoreTests.Database>
{
    private readonly PostgresJobStoreTests.Database _database;
    private readonly StoreTestJobs _jobs = new();

    public PostgresWriteBatchTests(PostgresJobStoreTests.Database database) => _database = database;

    [Fact]
    public async Task ExecuteAsync_ManyWritesOfEachKind_BulkStatementsInRoundsEachResultItsOwn()
    {
        await using var store = _database.Temp.Open();
        var jobs = Enumerable.Range(0, 40).Select(_ => _jobs.NewJob()).ToList();
        var running = jobs.Select(j => j with { State = JobState.Running, Attempt = 1, StartedAt = StoreTestJobs.T0, LeaseOwner = "n1", LastSequence = 2 }).ToList();
        var ended = running.Select((j, i) => j with { State = JobState.Succeeded, Result = Payload.FromJson($$"""{"i": {{i}}}"""), LeaseOwner = null, LastSequence = 3 }).ToList();
        var creates = jobs.Select(j => PostgresWrite.Create(j, StoreTestJobs.Created(j), null)).ToList();
        var starts = running.Select(j => PostgresWrite.Transition(j, StoreTestJobs.Change(j, JobState.Running), 1)).ToList();
        var stale = running.Select(j => PostgresWrite.Transition(j, StoreTestJobs.Change(j, JobState.Running), 1)).ToList();
        var ends = ended.Select(j => PostgresWrite.Transition(j, StoreTestJobs.Change(j, JobState.Succeeded), 2)).ToList();

        // One batch: 40 creates, then each job's start, a stale start and its end: four rounds of 40, each one bulk statement.
        await new PostgresWriteBatch(store.Sql).ExecuteAsync(store.DataSource, [.. creates, .. starts, .. stale, .. ends]);

        Assert.All(creates.Concat(starts).Concat(ends), w => Assert.True(w.Task.Result));
        Assert.All(stale, w => Assert.False(w.Task.Result));
        foreach (var job in ended)
        {
            var stored = await store.GetAsync(job.Id);
            Assert.Equal((JobState.Succeeded, job.Result, 3L), (stored!.State, stored.Result, stored.LastSequence));
            var events = await store.ReadEventsAsync(job.Id, 1, 10);
            Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task Writes_QueuedTogether_EachJobsWritesInOrderEachResultItsOwn()
    {
        await using var store = _database.Temp.Open();
        var writes = new List<(JobSnapshot Final, Task<bool> Create, Task<bool> Start, Task<bool> Stale, Task<bool> Renew, Task<bool> End)>();
        for (var i = 0; i < 40; i++)
        {
            var job = _jobs.NewJob() with { Labels = new Dictionary<string, string> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            var running = job with { State = JobState.Running, Attempt = 1, StartedAt = StoreTestJobs.T0, LeaseOwner = "n1", LeaseExpiresAt = StoreTestJobs.T0.AddMinutes(1), LastSequence = 2 };
            var ended = i % 2 == 0
                ? running with { State = JobState.Succeeded, Result = Payload.FromJson($$"""{"i": {{i}}}"""), FinishedAt = StoreTestJobs.T0, LeaseOwner = null, LeaseExpiresAt = null, LastSequence = 3 }
                : running with { State = JobState.Failed, Error = new JobError("E", $"failed {i}"), FinishedAt = StoreTestJobs.T0, LeaseOwner = null, LeaseExpiresAt = null, LastSequence = 3 };

            // Queued back to back, none awaited: the create, the start, a stale start (its version is gone by then), a lease renewal, the end.
            var create = store.CreateAsync(job, StoreTestJobs.Created(job)).AsTask().ContinueWith(t => t.Result.Created, TaskScheduler.Default);
            var start = store.TryApplyAsync(running, StoreTestJobs.Change(running, JobState.Running), 1).AsTask();
            var stale = store.TryApplyAsync(running, StoreTestJobs.Change(running, JobState.Running), 1).AsTask();
            var renew = store.RenewLeaseAsync(job.Id, "n1", StoreTestJobs.T0.AddMinutes(2)).AsTask();
            var end = store.TryApplyAsync(ended, StoreTestJobs.Change(ended, ended.State), 2).AsTask();
            writes.Add((ended, create, start, stale, renew, end));
        }

        foreach (var (final, create, start, stale, renew, end) in writes)
        {
            Assert.Equal((true, true, false, true, true), (await create, await start, await stale, await renew, await end));
            var stored = await store.GetAsync(final.Id);
            Assert.Equal((final.State, final.Result, final.Error, 3L, final.Labels!["i"]), (stored!.State, stored.Result, stored.Error, stored.LastSequence, stored.Labels!["i"]));
            var events = await store.ReadEventsAsync(final.Id, 1, 10);
            Assert.Equal(
                [(1L, JobState.Queued, null), (2L, JobState.Running, null), (3L, final.State, final.Result)],
                events.Select(e => (e.Sequence, e.StateChange!.State, e.StateChange.Result)));
        }
    }
}
