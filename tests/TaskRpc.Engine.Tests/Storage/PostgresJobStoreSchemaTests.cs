using Microsoft.Extensions.Logging.Abstractions;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Storage.PostgreSql;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>What only the PostgreSQL store does: its versioned schema, group commit, and its start-up errors.</summary>
public sealed class PostgresJobStoreSchemaTests : IDisposable
{
    private readonly TempPostgresDatabase _database = new();
    private readonly StoreTestJobs _jobs = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Open_NewDatabase_CreatesTheCurrentSchemaVersion()
    {
        _database.Open(o => o.Schema = PostgresJobStoreOptions.DefaultSchema);

        Assert.Equal(PostgresSchema.Version, _database.Scalar("SELECT version FROM taskrpc.schema_version"));
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = 'taskrpc' AND indexname = 'jobs_idempotency_key'"));
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = 'taskrpc' AND indexname = 'jobs_queued'"));
    }

    [Fact]
    public async Task Open_ManyNodesAtOnce_CreateTheSchemaOnce()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _database.Open(o => o.Schema = "shared"))));

        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM shared.schema_version"));
        var job = _jobs.NewJob();
        await stores[0].CreateAsync(job, StoreTestJobs.Created(job));
        Assert.Equal(job, await stores[3].GetAsync(job.Id));
    }

    [Fact]
    public async Task CreateAsync_ManyConcurrentWriters_ShareTransactions()
    {
        var store = _database.Open();
        var jobs = Enumerable.Range(0, 2000).Select(_ => _jobs.NewJob()).ToList();

        var results = await Task.WhenAll(jobs.Select(j => Task.Run(async () => await store.CreateAsync(j, StoreTestJobs.Created(j)))));

        Assert.All(results, r => Assert.True(r.Created));
        Assert.Equal(2000, store.Writes);
        Assert.True(store.Commits < store.Writes / 2, $"{store.Commits} commits for {store.Writes} writes: writes were not grouped.");
        Assert.Equal(2000, (await store.LoadUnfinishedAsync()).Count);
    }

    [Fact]
    public async Task CreateAsync_OneBadWriteAmongMany_FailsAloneAndTheOthersCommit()
    {
        var store = _database.Open();
        var existing = _jobs.NewJob();
        await store.CreateAsync(existing, StoreTestJobs.Created(existing));
        var jobs = Enumerable.Range(0, 200).Select(_ => _jobs.NewJob()).ToList();
        jobs.Insert(100, existing); // The same id again: a unique violation, the write's own mistake.

        var results = await Task.WhenAll(jobs.Select(j => Task.Run(async () =>
        {
            try
            {
                return (await store.CreateAsync(j, StoreTestJobs.Created(j))).Created;
            }
            catch (Npgsql.PostgresException error) when (error.SqlState == "23505")
            {
                return false;
            }
        })));

        Assert.Equal(200, results.Count(created => created));
        Assert.Equal(201, (await store.LoadUnfinishedAsync()).Count);
    }

    [Fact]
    public void Open_NewerSchemaVersion_RefusesNamingBothVersions()
    {
        _database.Open(o => o.Schema = "future").Dispose();
        _database.Scalar("UPDATE future.schema_version SET version = 99");

        var error = Assert.Throws<StoreUnavailableException>(() => _database.Open(o => o.Schema = "future"));

        Assert.Contains("schema version 99, newer than this server's 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NothingListening_ThrowsStoreUnavailableNamingTheServer()
    {
        var options = new PostgresJobStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={ClosedPort()};Database=jobs;Username=u;Timeout=5" };

        var error = Assert.Throws<StoreUnavailableException>(() => PostgresJobStore.Open(options, NullLogger.Instance));

        Assert.Contains("PostgreSQL 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("can't be reached", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "taskrpc", "needs a connection string")]
    [InlineData("Host=x;Nonsense=1", "taskrpc", "not a valid PostgreSQL connection string")]
    [InlineData("Host=x", "bad-name;", "Store:Schema must be")]
    [InlineData("Host=x;Pooling=false;Multiplexing=true", "taskrpc", "not a usable PostgreSQL connection string")]
    public void Open_BadOptions_ThrowsInvalidOperationSayingWhat(string? connectionString, string schema, string expected)
    {
        var options = new PostgresJobStoreOptions { ConnectionString = connectionString, Schema = schema };

        var error = Assert.Throws<InvalidOperationException>(() => PostgresJobStore.Open(options, NullLogger.Instance));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
