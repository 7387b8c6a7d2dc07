using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Tests.Shared;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>The PostgreSQL store while its database goes away and comes back, on a cluster of the test's own.</summary>
public sealed class PostgresJobStoreOutageTests : IDisposable
{
    private readonly PostgresCluster _cluster = PostgresCluster.StartPrivate();
    private readonly TempPostgresDatabase _database;
    private readonly StoreTestJobs _jobs = new();

    public PostgresJobStoreOutageTests() => _database = new TempPostgresDatabase(_cluster);

    public void Dispose()
    {
        _database.Dispose();
        _cluster.Dispose();
    }

    [Fact]
    public async Task Calls_DatabaseStoppedThenStarted_FailUnavailableThenWorkAgainWithoutReopening()
    {
        var store = _database.Open();
        var before = _jobs.NewJob();
        await store.CreateAsync(before, StoreTestJobs.Created(before));

        _cluster.Stop();
        var during = _jobs.NewJob();
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.CreateAsync(during, StoreTestJobs.Created(during)));
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.GetAsync(before.Id));

        _cluster.Start();
        Assert.Equal(before, await store.GetAsync(before.Id));
        Assert.True((await store.CreateAsync(during, StoreTestJobs.Created(during))).Created);
        Assert.Equal(2, (await store.LoadUnfinishedAsync()).Count);
    }
}
