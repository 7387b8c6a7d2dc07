using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>
/// The SQLite group-commit writer's batch handling: transitions of one job queued together are
/// coalesced into one row update without changing any answer, and a write that fails on its own
/// fails alone although batches have no per-write savepoints.
/// </summary>
public sealed class SqliteWriterTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly StoreTestJobs _jobs = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TryApplyAsync_TransitionsQueuedTogether_WriteFinalSnapshotAndEveryEvent()
    {
        var store = _database.Open();
        var jobs = Enumerable.Range(0, 200).Select(_ => _jobs.NewJob()).ToList();
        await Task.WhenAll(jobs.Select(j => store.CreateAsync(j, StoreTestJobs.Created(j)).AsTask()));

        // Queued without awaiting: each job's four transitions enter the writer's queue back to back.
        var writes = new List<Task<bool>>();
        foreach (var job in jobs)
        {
            var running = job with { State = JobState.Running, Attempt = 1, StartedAt = StoreTestJobs.T0, LeaseOwner = "n", LastSequence = 2 };
            var progress = running with { Progress = new JobProgress(0.5, "half", null), LastSequence = 3 };
            var progressEvent = new JobEvent { JobId = job.Id, Sequence = 3, Time = StoreTestJobs.T0, Progress = progress.Progress };
            var done = progress with
            {
                State = JobState.Succeeded,
                Result = Payload.FromJson("{\"ok\":true}"),
                FinishedAt = StoreTestJobs.T0.AddSeconds(1),
                ExpiresAt = StoreTestJobs.T0.AddDays(1),
                LeaseOwner = null,
                LastSequence = 4,
            };
            writes.Add(store.TryApplyAsync(running, StoreTestJobs.Change(running, JobState.Running), 1).AsTask());
            writes.Add(store.TryApplyAsync(progress, progressEvent, 2).AsTask());
            writes.Add(store.TryApplyAsync(done, StoreTestJobs.Change(done, JobState.Succeeded), 3).AsTask());
            var competing = running with { State = JobState.Failed, LastSequence = 3 };
            writes.Add(store.TryApplyAsync(competing, StoreTestJobs.Change(competing, JobState.Failed), 2).AsTask());
        }

        var results = await Task.WhenAll(writes);

        for (var i = 0; i < jobs.Count; i++)
        {
            Assert.Equal([true, true, true, false], results.Skip(i * 4).Take(4));
            var stored = await store.GetAsync(jobs[i].Id);
            Assert.Equal(JobState.Succeeded, stored!.State);
            Assert.Equal(4, stored.LastSequence);
            Assert.Equal(Payload.FromJson("{\"ok\":true}"), stored.Result);
            Assert.Equal(new JobProgress(0.5, "half", null), stored.Progress);
            Assert.Equal(jobs[i].Args, stored.Args);
            var events = await store.ReadEventsAsync(jobs[i].Id, 1, 10);
            Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Sequence));
            Assert.Equal(JobState.Running, events[1].StateChange!.State);
            Assert.Null(events[2].StateChange);
            Assert.Equal(JobState.Succeeded, events[3].StateChange!.State);
        }
    }

    [Fact]
    public async Task TryApplyAsync_StaleTransitionFollowedByItsSuccessor_EachAnsweredAsAlone()
    {
        var store = _database.Open();
        var job = _jobs.NewJob();
        await store.CreateAsync(job, StoreTestJobs.Created(job));
        var running = job with { State = JobState.Running, Attempt = 1, LastSequence = 2 };
        Assert.True(await store.TryApplyAsync(running, StoreTestJobs.Change(running, JobState.Running), 1));

        // The first is stale (computed from sequence 1 again); the second, chained to it, is answered as if alone.
        var staleFirst = store.TryApplyAsync(running with { Attempt = 2 }, StoreTestJobs.Change(running with { Attempt = 2 }, JobState.Running), 1).AsTask();
        var done = running with { State = JobState.Succeeded, LastSequence = 3 };
        var staleSecond = store.TryApplyAsync(done, StoreTestJobs.Change(done, JobState.Succeeded), 2).AsTask();
        var fresh = running with { State = JobState.Failed, LastSequence = 3 };

        Assert.False(await staleFirst);
        Assert.True(await staleSecond); // The stored job is at 2: this one is not stale on its own.
        Assert.False(await store.TryApplyAsync(fresh, StoreTestJobs.Change(fresh, JobState.Failed), 2));
        Assert.Equal(JobState.Succeeded, (await store.GetAsync(job.Id))!.State);
        Assert.Equal(3, (await store.ReadEventsAsync(job.Id, 1, 10)).Count);
    }

    [Fact]
    public async Task CreateAsync_DuplicateIdAmongConcurrentWrites_FailsAloneOthersCommit()
    {
        var store = _database.Open();
        var existing = _jobs.NewJob();
        await store.CreateAsync(existing, StoreTestJobs.Created(existing));
        var jobs = Enumerable.Range(0, 100).Select(_ => _jobs.NewJob()).ToList();

        var creates = jobs.Select(j => store.CreateAsync(j, StoreTestJobs.Created(j)).AsTask()).ToList();
        var duplicate = store.CreateAsync(existing with { Task = "other" }, StoreTestJobs.Created(existing)).AsTask();
        var later = jobs.Select(j => j with { State = JobState.Running, Attempt = 1, LastSequence = 2 })
            .Select(r => store.TryApplyAsync(r, StoreTestJobs.Change(r, JobState.Running), 1).AsTask()).ToList();

        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.All(await Task.WhenAll(creates), r => Assert.True(r.Created));
        Assert.All(await Task.WhenAll(later), Assert.True);
        Assert.Equal("t", (await store.GetAsync(existing.Id))!.Task);
        Assert.Equal(101, (await store.LoadUnfinishedAsync()).Count);
        foreach (var job in jobs)
        {
            Assert.Equal(2, (await store.ReadEventsAsync(job.Id, 1, 10)).Count);
        }
    }
}
