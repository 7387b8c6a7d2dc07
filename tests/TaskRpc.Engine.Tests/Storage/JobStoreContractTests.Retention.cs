using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>The store contract for jobs past their retention that the sweep has not deleted yet: gone for keys and lists.</summary>
public abstract partial class JobStoreContractTests
{
    [Fact]
    public async Task CreateAsync_KeyHeldByAJobPastItsRetention_CreatesTheNewJobAndDropsTheExpiredOne()
    {
        var store = CreateStore();
        var expired = await CreateEndedAsync(store, NewJob() with { IdempotencyKey = "k" }, expiresAt: T0.AddHours(1));
        var again = NewJob() with { IdempotencyKey = "k", CreatedAt = T0.AddHours(1) };

        var result = await store.CreateAsync(again, Created(again));

        Assert.True(result.Created);
        Assert.Equal(again.Id, result.Job.Id);
        Assert.Null(await store.GetAsync(expired.Id));
        Assert.Empty(await store.ReadEventsAsync(expired.Id, 1, 10));
        var third = NewJob() with { IdempotencyKey = "k", CreatedAt = T0.AddHours(1) };
        Assert.Equal(again.Id, (await store.CreateAsync(third, Created(third))).Job.Id);
        Assert.Equal(0, await store.DeleteExpiredAsync(T0.AddHours(2)));
    }

    [Fact]
    public async Task CreateAsync_KeyHeldByAJobStillRetained_ReturnsIt()
    {
        var store = CreateStore();
        var kept = await CreateEndedAsync(store, NewJob() with { IdempotencyKey = "k" }, expiresAt: T0.AddHours(1));
        var again = NewJob() with { IdempotencyKey = "k", CreatedAt = T0.AddMinutes(59) };

        var result = await store.CreateAsync(again, Created(again));

        Assert.False(result.Created);
        Assert.Equal(kept.Id, result.Job.Id);
    }

    [Fact]
    public async Task ListAsync_RetainedAt_LeavesOutJobsPastTheirRetentionBeforeTheSweep()
    {
        var store = CreateStore();
        var expired = await CreateEndedAsync(store, NewJob(), expiresAt: T0.AddHours(1));
        var later = await CreateEndedAsync(store, NewJob(), expiresAt: T0.AddHours(3));
        var queued = NewJob();
        await store.CreateAsync(queued, Created(queued));

        var page = await store.ListAsync(JobFilter.All with { RetainedAt = T0.AddHours(2) }, 10, null);

        Assert.Equal([queued.Id, later.Id], page.Jobs.Select(j => j.Id));
        Assert.Equal(3, (await store.ListAsync(JobFilter.All, 10, null)).Jobs.Count);
        Assert.NotNull(await store.GetAsync(expired.Id));
    }

    private static async Task<JobSnapshot> CreateEndedAsync(IJobStore store, JobSnapshot job, DateTimeOffset expiresAt)
    {
        await store.CreateAsync(job, StoreTestJobs.Created(job));
        var ended = job with { State = JobState.Succeeded, LastSequence = 2, ExpiresAt = expiresAt, Result = Payload.FromJson("1") };
        Assert.True(await store.TryApplyAsync(ended, StoreTestJobs.Change(ended, JobState.Succeeded), 1));
        return ended;
    }
}
