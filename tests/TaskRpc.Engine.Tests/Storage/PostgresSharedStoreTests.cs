using System.Threading.Channels;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Storage.PostgreSql;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>
/// The cluster part of the PostgreSQL store (<see cref="ISharedJobStore"/>) on a real database:
/// claim order and exclusivity, signals, cancel requests, takeover candidates and the lead.
/// Two stores opened on one schema stand for two nodes.
/// </summary>
public sealed class PostgresSharedStoreTests : IClassFixture<PostgresJobStoreTests.Database>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = StoreTestJobs.T0;
    private readonly TempPostgresDatabase _database;
    private readonly StoreTestJobs _jobs = new();
    private readonly string _schema = $"shared_{Guid.NewGuid():N}";

    public PostgresSharedStoreTests(PostgresJobStoreTests.Database database) => _database = database.Temp;

    [Fact]
    public async Task ClaimAsync_QueuedJobs_PriorityThenOldestFirstNotBeforeHonouredOtherTasksLeft()
    {
        var store = Node();
        var low1 = await CreateAsync(store, Job());
        var high1 = await CreateAsync(store, Job() with { Priority = 5 });
        var delayed = await CreateAsync(store, Job() with { Priority = 9, NotBefore = T0.AddHours(1) });
        var low2 = await CreateAsync(store, Job());
        var high2 = await CreateAsync(store, Job() with { Priority = 5 });
        await CreateAsync(store, Job("other"));

        var claimed = await store.ClaimAsync(Request(10, "n1"));

        Assert.Equal([high1.Id, high2.Id, low1.Id, low2.Id], claimed.Started.Select(j => j.Id));
        Assert.Equal(delayed.NotBefore, claimed.NextDue);
        foreach (var job in claimed.Started)
        {
            var stored = await store.GetAsync(job.Id);
            Assert.Equal(JobState.Running, stored!.State);
            Assert.Equal("n1", stored.LeaseOwner);
            Assert.Equal((1, T0, T0.AddMinutes(5), 2L), (stored.Attempt, stored.StartedAt, stored.LeaseExpiresAt, stored.LastSequence));
            Assert.Equal((stored.State, stored.Attempt, stored.LastSequence, stored.LeaseOwner), (job.State, job.Attempt, job.LastSequence, job.LeaseOwner));
            var started = Assert.Single(await store.ReadEventsAsync(job.Id, 2, 10));
            Assert.Equal((2L, T0, JobState.Running, 1), (started.Sequence, started.Time, started.StateChange!.State, started.StateChange.Attempt));
            Assert.Null(started.StateChange.Error);
        }

        var later = await store.ClaimAsync(Request(10, "n1") with { Now = T0.AddHours(2) });
        Assert.Equal(delayed.Id, Assert.Single(later.Started).Id);
        Assert.Null(later.NextDue);
    }

    [Fact]
    public async Task ClaimAsync_TwoNodesClaimingAtOnce_EveryJobClaimedExactlyOnce()
    {
        var (a, b) = (Node(), Node());
        var created = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            created.Add((await CreateAsync(a, Job())).Id);
        }

        var claims = Enumerable.Range(0, 12).Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).ClaimAsync(Request(7, $"n{i % 2}"))));
        var results = await Task.WhenAll(claims);
        var rest = await a.ClaimAsync(Request(100, "n0"));

        var ids = results.SelectMany(r => r.Started).Concat(rest.Started).Select(j => j.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(created, ids.ToHashSet());
    }

    [Fact]
    public async Task ListenAsync_WritesOfAnotherNode_SignalQueuedChangedAndCancelRequested()
    {
        var (writer, listener) = (Node(), Node());
        var signals = Channel.CreateUnbounded<StoreSignal>();
        using var stop = new CancellationTokenSource();
        var listening = listener.ListenAsync(signals.Writer, stop.Token);
        await NextAsync(signals.Reader, s => s.Kind == StoreSignalKind.Resync);

        var job = await CreateAsync(writer, Job() with { Executor = ExecutorKind.Threads });
        // The create's two signals, in either order (one statement writes the job and its event).
        var first = await NextAsync(signals.Reader, s => s.Kind is StoreSignalKind.JobQueued or StoreSignalKind.JobChanged);
        var second = await NextAsync(signals.Reader, s => s.Kind is StoreSignalKind.JobQueued or StoreSignalKind.JobChanged && s.Kind != first.Kind);
        var (queued, created) = first.Kind == StoreSignalKind.JobQueued ? (first, second) : (second, first);
        await writer.ClaimAsync(Request(1, "n1") with { Executor = ExecutorKind.Threads });
        var started = await NextAsync(signals.Reader, s => s.Kind == StoreSignalKind.JobChanged);
        Assert.True(await writer.RequestCancelAsync(job.Id, "stop it"));
        var cancel = await NextAsync(signals.Reader, s => s.Kind == StoreSignalKind.CancelRequested);

        Assert.Equal(ExecutorKind.Threads, queued.Executor);
        Assert.Equal((job.Id, 1L), (created.JobId, created.Sequence));
        Assert.Equal((job.Id, 2L), (started.JobId, started.Sequence));
        Assert.Equal(job.Id, cancel.JobId);
        await stop.CancelAsync();
        await listening.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task CreateStartedAsync_NewJob_RunningLeasedWithBothEvents_NeverClaimedNorSignalledQueued()
    {
        var (node, listener) = (Node(), Node());
        var signals = Channel.CreateUnbounded<StoreSignal>();
        using var stop = new CancellationTokenSource();
        var listening = listener.ListenAsync(signals.Writer, stop.Token);
        await NextAsync(signals.Reader, s => s.Kind == StoreSignalKind.Resync);
        var job = Started(Job() with { Executor = ExecutorKind.Threads }, "n1");

        var result = await node.CreateStartedAsync(job, StoreTestJobs.Created(job), StoreTestJobs.Change(job, JobState.Running));
        var queuedAfter = await CreateAsync(node, Job());

        Assert.True(result.Created);
        var stored = await node.GetAsync(job.Id);
        Assert.Equal((JobState.Running, 1, "n1", T0.AddMinutes(5), 2L), (stored!.State, stored.Attempt, stored.LeaseOwner, stored.LeaseExpiresAt, stored.LastSequence));
        var events = await node.ReadEventsAsync(job.Id, 1, 10);
        Assert.Equal([(1L, JobState.Queued), (2L, JobState.Running)], events.Select(e => (e.Sequence, e.StateChange!.State)));
        var claimed = await node.ClaimAsync(Request(10, "n2") with { Executor = ExecutorKind.Threads });
        Assert.Empty(claimed.Started);
        // Signals arrive in commit order: the first "queued" one is the later Async job's, none was sent for the started one.
        var firstQueued = await NextAsync(signals.Reader, s => s.Kind == StoreSignalKind.JobQueued);
        Assert.Equal(queuedAfter.Executor, firstQueued.Executor);
        await stop.CancelAsync();
        await listening.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Open_MultiplexingConnectionString_WritesReadsAndListens()
    {
        // Multiplexing needs pooling; the listener's own connections are unpooled, so they must not multiplex.
        var store = _database.Open(o => (o.Schema, o.ConnectionString) = (_schema, o.ConnectionString + ";Multiplexing=true"));
        var signals = Channel.CreateUnbounded<StoreSignal>();
        using var stop = new CancellationTokenSource();
        var listening = store.ListenAsync(signals.Writer, stop.Token);
        await NextAsync(signals.Reader, s => s.Kind == StoreSignalKind.Resync);

        var job = await CreateAsync(store, Job());
        var changed = await NextAsync(signals.Reader, s => s.Kind == StoreSignalKind.JobChanged);

        Assert.Equal((job.Id, 1L), (changed.JobId, changed.Sequence));
        Assert.Equal(JobState.Queued, (await store.GetAsync(job.Id))!.State);
        await stop.CancelAsync();
        await listening.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task CreateStartedAsync_KeyHeldByAnotherJob_ReturnsItAndWritesNothing()
    {
        var store = Node();
        var holder = await CreateAsync(store, Job() with { IdempotencyKey = "k" });
        var job = Started(Job() with { IdempotencyKey = "k" }, "n1");

        var result = await store.CreateStartedAsync(job, StoreTestJobs.Created(job), StoreTestJobs.Change(job, JobState.Running));

        Assert.False(result.Created);
        Assert.Equal((holder.Id, JobState.Queued), (result.Job.Id, result.Job.State));
        Assert.Null(await store.GetAsync(job.Id));
        Assert.Empty(await store.ReadEventsAsync(job.Id, 1, 10));
    }

    [Fact]
    public async Task CreateStartedAsync_WithKey_CreatedStarted()
    {
        var store = Node();
        var job = Started(Job() with { IdempotencyKey = "fresh" }, "n1");

        var result = await store.CreateStartedAsync(job, StoreTestJobs.Created(job), StoreTestJobs.Change(job, JobState.Running));

        Assert.True(result.Created);
        Assert.Equal(JobState.Running, (await store.GetAsync(job.Id))!.State);
        Assert.Equal([1L, 2L], (await store.ReadEventsAsync(job.Id, 1, 10)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task RequestCancelAsync_RunningJob_ReadByItsOwnerOnly_QueuedJobRefused()
    {
        var store = Node();
        var running = await CreateAsync(store, Job() with { Priority = 1 });
        var queued = await CreateAsync(store, Job());
        await store.ClaimAsync(Request(1, "n1"));

        Assert.True(await store.RequestCancelAsync(running.Id, "why"));
        Assert.True(await store.RequestCancelAsync(running.Id, "again"));
        Assert.False(await store.RequestCancelAsync(queued.Id, null));
        Assert.False(await store.RequestCancelAsync("no-such-job", null));

        Assert.Equal([new CancelRequest(running.Id, "why")], await store.ReadCancelRequestsAsync("n1"));
        Assert.Empty(await store.ReadCancelRequestsAsync("n2"));
    }

    [Fact]
    public async Task FindAbandonedAsync_ExpiredLeaseOrFormerOwner_LiveLeasesLeft()
    {
        var store = Node();
        var expired = await CreateAsync(store, Job() with { Priority = 3 });
        var former = await CreateAsync(store, Job() with { Priority = 2 });
        var live = await CreateAsync(store, Job() with { Priority = 1 });
        await store.ClaimAsync(Request(1, "dead", TimeSpan.FromSeconds(1)));
        await store.ClaimAsync(Request(1, "me"));
        await store.ClaimAsync(Request(1, "alive"));
        var now = T0.AddSeconds(30);

        var found = await store.FindAbandonedAsync(now, null, 10);
        var atStart = await store.FindAbandonedAsync(now, "me", 10);

        Assert.Equal([expired.Id], found.Select(j => j.Id));
        Assert.Equal(new[] { expired.Id, former.Id }.Order(), atStart.Select(j => j.Id).Order());
        Assert.DoesNotContain(live.Id, atStart.Select(j => j.Id));
    }

    [Fact]
    public async Task FindStartOverdueAsync_NeverStartedPastItsScheduleToStartTimeout_Found()
    {
        var store = Node();
        var overdue = await CreateAsync(store, Job() with { ScheduleToStartTimeout = TimeSpan.FromSeconds(5) });
        await CreateAsync(store, Job() with { ScheduleToStartTimeout = TimeSpan.FromSeconds(5), NotBefore = T0.AddMinutes(1) });
        await CreateAsync(store, Job() with { ScheduleToStartTimeout = TimeSpan.FromHours(1) });
        await CreateAsync(store, Job());

        var found = await store.FindStartOverdueAsync(T0.AddSeconds(10), 10);

        Assert.Equal(overdue.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task TryLeadAsync_TwoNodes_OneLeadsUntilItsTermEnds()
    {
        var (a, b) = (Node(), Node());
        var term = TimeSpan.FromSeconds(3);

        Assert.True(await a.TryLeadAsync("a", T0, term));
        Assert.False(await b.TryLeadAsync("b", T0.AddSeconds(1), term));
        Assert.True(await a.TryLeadAsync("a", T0.AddSeconds(2), term));
        Assert.False(await b.TryLeadAsync("b", T0.AddSeconds(4), term));
        Assert.True(await b.TryLeadAsync("b", T0.AddSeconds(5), term));
        Assert.False(await a.TryLeadAsync("a", T0.AddSeconds(6), term));
    }

    private static ClaimRequest Request(int maxCount, string owner, TimeSpan? lease = null) =>
        new(ExecutorKind.Async, ["t"], maxCount, T0, owner, T0 + (lease ?? TimeSpan.FromMinutes(5)));

    private static async Task<JobSnapshot> CreateAsync(PostgresJobStore store, JobSnapshot job)
    {
        Assert.True((await store.CreateAsync(job, StoreTestJobs.Created(job))).Created);
        return job;
    }

    /// <summary>The job as a node that starts it at once creates it: Running, attempt 1, leased to <paramref name="owner"/> for 5 minutes.</summary>
    private static JobSnapshot Started(JobSnapshot job, string owner) =>
        job with { State = JobState.Running, Attempt = 1, StartedAt = T0, LeaseOwner = owner, LeaseExpiresAt = T0.AddMinutes(5), LastSequence = 2 };

    private static async Task<StoreSignal> NextAsync(ChannelReader<StoreSignal> signals, Func<StoreSignal, bool> match)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            var signal = await signals.ReadAsync(guard.Token);
            if (match(signal))
            {
                return signal;
            }
        }
    }

    private JobSnapshot Job(string task = "t") => _jobs.NewJob(task) with { Executor = ExecutorKind.Async };

    private PostgresJobStore Node() => _database.Open(o => o.Schema = _schema);
}
