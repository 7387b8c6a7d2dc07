using System.Globalization;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Storage.Sqlite;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>What only the SQLite store does: group commit, durability across reopen, schema versioning, and its file errors.</summary>
public sealed class SqliteJobStoreFileTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly StoreTestJobs _jobs = new();

    public void Dispose() => _database.Dispose();

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
    public async Task Open_AfterDispose_KeepsJobsEventsAndKeys()
    {
        var first = _database.Open();
        var queued = _jobs.NewJob() with
        {
            IdempotencyKey = "key-1",
            Labels = new Dictionary<string, string> { ["team"] = "x" },
            Retry = new RetryPolicy { MaxAttempts = 3, InitialBackoff = TimeSpan.FromSeconds(2) },
            MaxAttempts = 3,
            Priority = 7,
            Executor = ExecutorKind.Threads,
            NotBefore = StoreTestJobs.T0.AddMinutes(5),
            ExecutionTimeout = TimeSpan.FromSeconds(30),
            Args = Payload.FromMessage("type.googleapis.com/x.Y", [1, 2, 3]),
        };
        var done = _jobs.NewJob();
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

        var second = _database.Open();

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
    public void Open_NewFile_CreatesCurrentSchemaInWalMode()
    {
        _database.Open().Dispose();

        using var connection = _database.Connect();
        Assert.Equal((long)SqliteSchema.Version, SqliteSchema.ReadVersion(connection));
        Assert.Equal("wal", SqliteSchema.Scalar(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Open_VersionOneFile_UpgradesKeepingItsJobs()
    {
        using (var connection = _database.Connect())
        {
            SqliteSchema.Execute(connection, SqliteSchema.CreateV1);
            SqliteSchema.Execute(connection, "PRAGMA user_version = 1");
            SqliteSchema.Execute(
                connection,
                "INSERT INTO jobs (id, task, state, args_kind, args, attempt, max_attempts, executor, priority, idempotency_key, created_at, last_sequence) "
                + "VALUES ('old-job', 'demo.echo', 1, 1, X'6E756C6C', 0, 1, 0, 0, 'k', 0, 1)");
        }

        using var store = _database.Open();

        var old = await store.GetAsync("old-job");
        Assert.Equal(string.Empty, old!.Tenant);
        Assert.Null(old.TraceContext);
        var sameKeyOtherTenant = new StoreTestJobs().NewJob() with { IdempotencyKey = "k", Tenant = "acme" };
        Assert.True((await store.CreateAsync(sameKeyOtherTenant, StoreTestJobs.Created(sameKeyOtherTenant))).Created);
        using var check = _database.Connect();
        Assert.Equal((long)SqliteSchema.Version, SqliteSchema.ReadVersion(check));
    }

    [Fact]
    public void Open_NewerSchemaVersion_FailsNamingTheVersion()
    {
        using (var connection = _database.Connect())
        {
            SqliteSchema.Execute(connection, "PRAGMA user_version = 99");
        }

        var error = Assert.Throws<StoreUnavailableException>(() => _database.Open());

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_GarbageFile_FailsNamingTheFileAndTheCause()
    {
        File.WriteAllText(_database.Path, string.Concat(Enumerable.Repeat("this is not a database ", 1000)));

        var error = Assert.Throws<StoreUnavailableException>(() => _database.Open());

        Assert.Equal(TaskRpcErrorKind.Unavailable, error.Kind);
        Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileLockedByAnotherConnection_FailsAfterTheBusyTimeout()
    {
        _database.Open().Dispose();
        using var holder = _database.Connect();
        SqliteSchema.Execute(holder, "BEGIN EXCLUSIVE");
        SqliteSchema.Execute(holder, "CREATE TABLE other (x)");

        var error = Assert.Throws<StoreUnavailableException>(() => _database.Open(o => o.BusyTimeout = TimeSpan.FromMilliseconds(200)));

        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
        Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileInUseByAnotherStore_FailsAtOnce()
    {
        _database.Open();

        var error = Assert.Throws<StoreUnavailableException>(() => _database.Open());

        Assert.Contains("in use by another TaskRpc server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_DatabaseFull_ThrowsStoreFullAndKeepsEarlierJobs()
    {
        var store = _database.Open(o => o.MaxSizeBytes = 256 * 1024);
        var big = Payload.FromJson(string.Create(CultureInfo.InvariantCulture, $"\"{new string('x', 32 * 1024)}\""));
        var kept = new List<string>();
        StoreFullException? full = null;
        for (var i = 0; i < 64 && full is null; i++)
        {
            var job = _jobs.NewJob() with { Args = big };
            try
            {
                await store.CreateAsync(job, StoreTestJobs.Created(job));
                kept.Add(job.Id);
            }
            catch (StoreFullException error)
            {
                full = error;
                Assert.Null(await store.GetAsync(job.Id));
            }
        }

        Assert.NotNull(full);
        Assert.Equal(TaskRpcErrorKind.ResourceExhausted, full.Kind);
        Assert.NotEmpty(kept);
        foreach (var id in kept)
        {
            Assert.Equal(big, (await store.GetAsync(id))!.Args);
        }
    }
}
