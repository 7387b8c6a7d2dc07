using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage.InMemory;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary><see cref="InMemoryJobStoreOptions.MaxSizeBytes"/>: new jobs are refused past it; expired jobs make room; accepted jobs always end.</summary>
public sealed class InMemoryJobStoreLimitTests
{
    private const int ArgsBytes = 10_000;
    private static readonly DateTimeOffset T0 = StoreTestJobs.T0;
    private readonly StoreTestJobs _jobs = new();

    [Fact]
    public async Task CreateAsync_PastMaxSize_ThrowsStoreFullNamingTheLimitAndStoresNothing()
    {
        var store = new InMemoryJobStore(new InMemoryJobStoreOptions { MaxSizeBytes = 5 * ArgsBytes });
        var created = 0;
        StoreFullException? full = null;
        while (full is null && created < 100)
        {
            try
            {
                await CreateAsync(store, NewJob());
                created++;
            }
            catch (StoreFullException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        Assert.Equal(TaskRpcErrorKind.ResourceExhausted, full.Kind);
        Assert.Contains("Store:MaxSizeBytes", full.Message, StringComparison.Ordinal);
        Assert.Equal(4, created);
        Assert.InRange(store.SizeBytes, 4 * ArgsBytes, 5 * ArgsBytes);
        Assert.Equal(4, (await store.ListAsync(JobFilter.All, 100, null)).Jobs.Count);
    }

    [Fact]
    public async Task CreateAsync_FullOfExpiredJobs_DropsThemAndReusesTheirSpace()
    {
        var store = new InMemoryJobStore(new InMemoryJobStoreOptions { MaxSizeBytes = 5 * ArgsBytes });
        var old = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var job = await CreateAsync(store, NewJob());
            var ended = job with { State = JobState.Succeeded, LastSequence = 2, ExpiresAt = T0.AddHours(1) };
            Assert.True(await store.TryApplyAsync(ended, StoreTestJobs.Change(ended, JobState.Succeeded), 1));
            old.Add(job.Id);
        }

        await Assert.ThrowsAsync<StoreFullException>(() => CreateAsync(store, NewJob() with { CreatedAt = T0.AddMinutes(59) }));
        var fresh = await CreateAsync(store, NewJob() with { CreatedAt = T0.AddHours(1) });

        Assert.NotNull(await store.GetAsync(fresh.Id));
        foreach (var id in old)
        {
            Assert.Null(await store.GetAsync(id));
        }

        Assert.InRange(store.SizeBytes, ArgsBytes, 2 * ArgsBytes);
    }

    [Fact]
    public async Task TryApplyAsync_StoreFull_StillStoresTheOutcomeOfAnAcceptedJob()
    {
        var store = new InMemoryJobStore(new InMemoryJobStoreOptions { MaxSizeBytes = 2 * ArgsBytes });
        var job = await CreateAsync(store, NewJob());
        await Assert.ThrowsAsync<StoreFullException>(() => CreateAsync(store, NewJob()));
        var ended = job with { State = JobState.Succeeded, LastSequence = 2, Result = Payload.FromBinary(new byte[5 * ArgsBytes]), ExpiresAt = T0.AddHours(1) };

        Assert.True(await store.TryApplyAsync(ended, StoreTestJobs.Change(ended, JobState.Succeeded), 1));

        Assert.Equal(ended, await store.GetAsync(job.Id));
        Assert.True(store.SizeBytes > 5 * ArgsBytes);
        Assert.Equal(1, await store.DeleteExpiredAsync(T0.AddHours(1)));
        Assert.Equal(0, store.SizeBytes);
    }

    private static async Task<JobSnapshot> CreateAsync(InMemoryJobStore store, JobSnapshot job)
    {
        Assert.True((await store.CreateAsync(job, StoreTestJobs.Created(job))).Created);
        return job;
    }

    private JobSnapshot NewJob() => _jobs.NewJob() with { Args = Payload.FromBinary(new byte[ArgsBytes]) };
}
