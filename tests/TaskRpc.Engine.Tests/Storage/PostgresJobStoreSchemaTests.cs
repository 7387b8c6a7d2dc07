using Microsoft.Extensions.Logging.Abstractions;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Storage.PostgreSql;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>What only the PostgreSQL store does: its versioned schema, durability across reopen, and its start-up errors.</summary>
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
    public async Task Open_AfterDispose_KeepsJobsEventsAndKeys()
    {
        var first = _database.Open(o => o.Schema = "kept");
        var queued = _jobs.NewJob() with
        {
            IdempotencyKey = "key-1",
            Labels = new Dictionary<string, string> { ["team"] = "x" },
            Retry = new RetryPolicy { MaxAttempts = 3, InitialBackoff = TimeSpan.FromSeconds(2) },
            MaxAttempts = 3,
            Priority = 7,
            Executor = ExecutorKind.Threads,
            NotBefore = StoreTestJobs.T0.AddTicks(5),
            ExecutionTimeout = TimeSpan.FromSeconds(30),
            ScheduleToStartTimeout = TimeSpan.FromTicks(3),
            Args = Payload.FromMessage("type.googleapis.com/x.Y", [1, 2, 3]),
        };
        var done = _jobs.NewJob() with { Args = Payload.FromBinary([0, 255]) };
        await first.CreateAsync(queued, StoreTestJobs.Created(queued));
        await first.CreateAsync(done, StoreTestJobs.Created(done));
        var progress = done with { Progress = new JobProgress(0.5, "half", "{\"n\":1}"), LastSequence = 2 };
        await first.TryApplyAsync(progress, new JobEvent { JobId = done.Id, Sequence = 2, Time = StoreTestJobs.T0, Progress = progress.Progress }, 1);
        var failed = progress with
        {
            State = JobState.Failed,
            Error = new JobError(JobErrorCodes.Aborted, "lost", "X.Y"),
            FinishedAt = StoreTestJobs.T0.AddSeconds(1),
            ExpiresAt = StoreTestJobs.T0.AddDays(1),
            LastSequence = 3,
        };
        await first.TryApplyAsync(failed, StoreTestJobs.Change(failed, JobState.Failed), 2);
        await first.DisposeAsync();

        var second = _database.Open(o => o.Schema = "kept");

        var reread = await second.GetAsync(queued.Id);
        Assert.Equal(queued with { Labels = reread!.Labels }, reread);
        Assert.Equal("x", reread.Labels["team"]);
        Assert.Equal(failed, await second.GetAsync(done.Id));
        var events = await second.ReadEventsAsync(done.Id, 1, 10);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(progress.Progress, events[1].Progress);
        Assert.Equal(failed.Error, events[2].StateChange!.Error);
        Assert.Equal(queued.Id, Assert.Single(await second.LoadUnfinishedAsync()).Id);
        var duplicate = _jobs.NewJob() with { IdempotencyKey = "key-1" };
        Assert.False((await second.CreateAsync(duplicate, StoreTestJobs.Created(duplicate))).Created);
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
