using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>What every <see cref="IJobStore"/> must do; each store adds a subclass.</summary>
public abstract partial class JobStoreContractTests
{
    private static readonly DateTimeOffset T0 = StoreTestJobs.T0;
    private readonly StoreTestJobs _jobs = new();

    protected abstract IJobStore CreateStore();

    [Fact]
    public async Task CreateAsync_NewJob_CanBeReadBackWithItsFirstEvent()
    {
        var store = CreateStore();
        var job = NewJob();

        var result = await store.CreateAsync(job, Created(job));

        Assert.True(result.Created);
        Assert.Equal(job, await store.GetAsync(job.Id));
        var events = await store.ReadEventsAsync(job.Id, 1, 10);
        Assert.Equal(1, Assert.Single(events).Sequence);
    }

    [Fact]
    public async Task CreateAsync_SameIdempotencyKey_ReturnsTheExistingJob()
    {
        var store = CreateStore();
        var first = NewJob() with { IdempotencyKey = "k1" };
        var second = NewJob() with { IdempotencyKey = "k1" };
        await store.CreateAsync(first, Created(first));

        var result = await store.CreateAsync(second, Created(second));

        Assert.False(result.Created);
        Assert.Equal(first.Id, result.Job.Id);
        Assert.Null(await store.GetAsync(second.Id));
    }

    [Fact]
    public async Task CreateAsync_ConcurrentSameKey_CreatesExactlyOne()
    {
        var store = CreateStore();
        var jobs = Enumerable.Range(0, 32).Select(_ => NewJob() with { IdempotencyKey = "race" }).ToList();

        var results = await Task.WhenAll(jobs.Select(j => Task.Run(async () => await store.CreateAsync(j, Created(j)))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Job.Id).Distinct());
    }

    [Fact]
    public async Task TryApplyAsync_ExpectedVersion_WritesSnapshotAndEvent()
    {
        var store = CreateStore();
        var job = NewJob();
        await store.CreateAsync(job, Created(job));
        var running = job with { State = JobState.Running, Attempt = 1, LastSequence = 2, LeaseOwner = "node-a" };

        var applied = await store.TryApplyAsync(running, Change(running, JobState.Running), expectedSequence: 1);

        Assert.True(applied);
        Assert.Equal(running, await store.GetAsync(job.Id));
        Assert.Equal([1L, 2L], (await store.ReadEventsAsync(job.Id, 1, 10)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task TryApplyAsync_StaleVersion_IsRejectedAndChangesNothing()
    {
        var store = CreateStore();
        var job = NewJob();
        await store.CreateAsync(job, Created(job));
        var nodeA = job with { State = JobState.Running, Attempt = 1, LastSequence = 2, LeaseOwner = "node-a" };
        var nodeB = job with { State = JobState.Running, Attempt = 1, LastSequence = 2, LeaseOwner = "node-b" };
        await store.TryApplyAsync(nodeA, Change(nodeA, JobState.Running), 1);

        var applied = await store.TryApplyAsync(nodeB, Change(nodeB, JobState.Running), 1);

        Assert.False(applied);
        Assert.Equal("node-a", (await store.GetAsync(job.Id))!.LeaseOwner);
        Assert.Equal(2, (await store.ReadEventsAsync(job.Id, 1, 10)).Count);
    }

    [Fact]
    public async Task ReadEventsAsync_FromSequence_ReturnsThatSequenceOnInOrder()
    {
        var store = CreateStore();
        var job = await CreateWithProgressAsync(store, progressEvents: 5);

        var events = await store.ReadEventsAsync(job.Id, 3, 2);

        Assert.Equal([3L, 4L], events.Select(e => e.Sequence));
        Assert.Empty(await store.ReadEventsAsync(job.Id, 99, 10));
        Assert.Empty(await store.ReadEventsAsync("jmissing", 1, 10));
    }

    [Fact]
    public async Task ListAsync_Pages_NewestFirstWithoutGapsOrRepeatsUnderInserts()
    {
        var store = CreateStore();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var job = NewJob();
            await store.CreateAsync(job, Created(job));
            ids.Add(job.Id);
        }

        var first = await store.ListAsync(JobFilter.All, 3, null);
        var inserted = NewJob();
        await store.CreateAsync(inserted, Created(inserted));
        var second = await store.ListAsync(JobFilter.All, 3, first.NextPageToken);
        var third = await store.ListAsync(JobFilter.All, 3, second.NextPageToken);

        var listed = first.Jobs.Concat(second.Jobs).Concat(third.Jobs).Select(j => j.Id).ToList();
        ids.Reverse();
        Assert.Equal(ids, listed);
        Assert.Null(third.NextPageToken);
    }

    [Fact]
    public async Task ListAsync_Filter_MatchesStateTaskAndAllLabels()
    {
        var store = CreateStore();
        var match = NewJob() with { Task = "a", Labels = new Dictionary<string, string> { ["team"] = "x", ["env"] = "prod" } };
        var otherTask = NewJob() with { Task = "b", Labels = match.Labels };
        var otherLabel = NewJob() with { Task = "a", Labels = new Dictionary<string, string> { ["team"] = "x" } };
        foreach (var job in new[] { match, otherTask, otherLabel })
        {
            await store.CreateAsync(job, Created(job));
        }

        var filter = new JobFilter { State = JobState.Queued, Task = "a", Labels = new Dictionary<string, string> { ["team"] = "x", ["env"] = "prod" } };
        var page = await store.ListAsync(filter, 10, null);

        Assert.Equal(match.Id, Assert.Single(page.Jobs).Id);
        Assert.Empty((await store.ListAsync(new JobFilter { State = JobState.Running }, 10, null)).Jobs);
    }

    [Fact]
    public async Task LoadUnfinishedAsync_ReturnsOnlyNonTerminalJobs()
    {
        var store = CreateStore();
        var queued = NewJob();
        var done = NewJob();
        await store.CreateAsync(queued, Created(queued));
        await store.CreateAsync(done, Created(done));
        var succeeded = done with { State = JobState.Succeeded, LastSequence = 2 };
        await store.TryApplyAsync(succeeded, Change(succeeded, JobState.Succeeded), 1);

        var unfinished = await store.LoadUnfinishedAsync();

        Assert.Equal(queued.Id, Assert.Single(unfinished).Id);
    }

    [Fact]
    public async Task DeleteExpiredAsync_PastExpiry_DeletesJobEventsAndFreesItsKey()
    {
        var store = CreateStore();
        var expired = NewJob() with { IdempotencyKey = "k" };
        var kept = NewJob();
        await store.CreateAsync(expired, Created(expired));
        await store.CreateAsync(kept, Created(kept));
        var ended = expired with { State = JobState.Succeeded, LastSequence = 2, ExpiresAt = T0.AddHours(1) };
        await store.TryApplyAsync(ended, Change(ended, JobState.Succeeded), 1);

        Assert.Equal(0, await store.DeleteExpiredAsync(T0.AddMinutes(59)));
        Assert.Equal(1, await store.DeleteExpiredAsync(T0.AddHours(1)));

        Assert.Null(await store.GetAsync(expired.Id));
        Assert.Empty(await store.ReadEventsAsync(expired.Id, 1, 10));
        Assert.NotNull(await store.GetAsync(kept.Id));
        var again = NewJob() with { IdempotencyKey = "k" };
        Assert.True((await store.CreateAsync(again, Created(again))).Created);
    }

    [Fact]
    public async Task DeleteExpiredAsync_ManyJobsEndingOutOfExpiryOrder_DeletesExactlyTheDueOnes()
    {
        var store = CreateStore();
        var expiries = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>();
        var jobs = Enumerable.Range(0, 3000).Select(i => (Job: NewJob(), ExpiresAt: T0.AddMinutes(i * 7919 % 3000))).ToList();
        // Concurrent writers, as the engine's are: a store that commits each write on its own (PostgreSQL) groups their commits.
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (entry, cancel) =>
        {
            await store.CreateAsync(entry.Job, Created(entry.Job), cancel);
            var ended = entry.Job with { State = JobState.Succeeded, LastSequence = 2, ExpiresAt = entry.ExpiresAt };
            Assert.True(await store.TryApplyAsync(ended, Change(ended, JobState.Succeeded), 1, cancel));
            expiries[entry.Job.Id] = entry.ExpiresAt;
        });

        var cutoff = T0.AddMinutes(1999);
        var deleted = await store.DeleteExpiredAsync(cutoff);

        Assert.Equal(2000, deleted);
        foreach (var (id, expiresAt) in expiries.Where((_, i) => i % 100 == 0))
        {
            Assert.Equal(expiresAt > cutoff, await store.GetAsync(id) is not null);
        }

        Assert.Equal(1000, await store.DeleteExpiredAsync(T0.AddDays(3)));
        Assert.Equal(0, await store.DeleteExpiredAsync(T0.AddDays(3)));
    }

    [Fact]
    public async Task DeleteExpiredAsync_ExpiryMovedLater_KeepsTheJobUntilItsNewExpiry()
    {
        var store = CreateStore();
        var job = NewJob();
        await store.CreateAsync(job, Created(job));
        var ended = job with { State = JobState.Succeeded, LastSequence = 2, ExpiresAt = T0.AddHours(1) };
        await store.TryApplyAsync(ended, Change(ended, JobState.Succeeded), 1);
        var extended = ended with { LastSequence = 3, ExpiresAt = T0.AddHours(2) };
        await store.TryApplyAsync(extended, Change(extended, JobState.Succeeded), 2);

        Assert.Equal(0, await store.DeleteExpiredAsync(T0.AddHours(1)));
        Assert.NotNull(await store.GetAsync(job.Id));
        Assert.Equal(1, await store.DeleteExpiredAsync(T0.AddHours(2)));
        Assert.Null(await store.GetAsync(job.Id));
    }

    [Fact]
    public async Task RenewLeaseAsync_OnlyTheOwnerOfARunningJobRenews()
    {
        var store = CreateStore();
        var job = NewJob();
        await store.CreateAsync(job, Created(job));
        Assert.False(await store.RenewLeaseAsync(job.Id, "node-a", T0.AddMinutes(1)));
        var running = job with { State = JobState.Running, LastSequence = 2, LeaseOwner = "node-a", LeaseExpiresAt = T0 };
        await store.TryApplyAsync(running, Change(running, JobState.Running), 1);

        Assert.False(await store.RenewLeaseAsync(job.Id, "node-b", T0.AddMinutes(1)));
        Assert.True(await store.RenewLeaseAsync(job.Id, "node-a", T0.AddMinutes(1)));

        var stored = await store.GetAsync(job.Id);
        Assert.Equal(T0.AddMinutes(1), stored!.LeaseExpiresAt);
        Assert.Equal(2, stored.LastSequence);
    }

    private static JobEvent Created(JobSnapshot job) => StoreTestJobs.Created(job);

    private static JobEvent Change(JobSnapshot job, JobState state) => StoreTestJobs.Change(job, state);

    private JobSnapshot NewJob() => _jobs.NewJob();

    private async Task<JobSnapshot> CreateWithProgressAsync(IJobStore store, int progressEvents)
    {
        var job = NewJob();
        await store.CreateAsync(job, Created(job));
        for (var i = 0; i < progressEvents; i++)
        {
            var progress = new JobProgress(i / 10.0);
            var next = job with { Progress = progress, LastSequence = job.LastSequence + 1 };
            Assert.True(await store.TryApplyAsync(next, new JobEvent { JobId = job.Id, Sequence = next.LastSequence, Time = T0, Progress = progress }, job.LastSequence));
            job = next;
        }

        return job;
    }
}
