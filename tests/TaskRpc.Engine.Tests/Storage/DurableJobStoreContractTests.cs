using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>What every durable store must do besides the contract: keep everything across closing and reopening it.</summary>
public abstract class DurableJobStoreContractTests : JobStoreContractTests
{
    /// <summary>Closes the store (as a stopping server does) and opens the same database again.</summary>
    protected abstract ValueTask<IJobStore> ReopenAsync(IJobStore store);

    [Fact]
    public async Task Open_AfterDispose_KeepsJobsEventsAndKeys()
    {
        var first = CreateStore();
        var queued = NewJob() with
        {
            IdempotencyKey = "key-1",
            Tenant = "acme",
            TraceContext = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Labels = new Dictionary<string, string> { ["team"] = "x" },
            Retry = new RetryPolicy { MaxAttempts = 3, InitialBackoff = TimeSpan.FromSeconds(2) },
            MaxAttempts = 3,
            Priority = 7,
            Executor = ExecutorKind.Threads,
            NotBefore = StoreTestJobs.T0.AddMinutes(5).AddTicks(5),
            ExecutionTimeout = TimeSpan.FromSeconds(30),
            ScheduleToStartTimeout = TimeSpan.FromTicks(3),
            Args = Payload.FromMessage("type.googleapis.com/x.Y", [1, 2, 3]),
        };
        var done = NewJob() with { Args = Payload.FromBinary([0, 255]) };
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
        var second = await ReopenAsync(first);

        var reread = await second.GetAsync(queued.Id);
        Assert.Equal(queued with { Labels = reread!.Labels }, reread);
        Assert.Equal("x", reread.Labels["team"]);
        Assert.Equal(failed, await second.GetAsync(done.Id));
        var events = await second.ReadEventsAsync(done.Id, 1, 10);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(progress.Progress, events[1].Progress);
        Assert.Equal(failed.Error, events[2].StateChange!.Error);
        Assert.Equal(queued.Id, Assert.Single(await second.LoadUnfinishedAsync()).Id);
        var duplicate = NewJob() with { IdempotencyKey = "key-1", Tenant = "acme" };
        Assert.False((await second.CreateAsync(duplicate, StoreTestJobs.Created(duplicate))).Created);
    }
}
