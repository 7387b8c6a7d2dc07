using System.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests;

public sealed class JobEngineSubscribeTests
{
    [Fact]
    public async Task SubscribeAsync_WholeLife_DeliversStateChangesAndProgressWithGaplessSequences()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.ProgressFlushInterval = TimeSpan.Zero);
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.progress", "3"));

        var events = new List<JobEvent>();
        await foreach (var jobEvent in harness.Engine.SubscribeAsync(job.Id, 0, Timeout()))
        {
            events.Add(jobEvent);
            if (jobEvent.Progress is not null)
            {
                harness.Probe.Step.Release();
            }
        }

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(JobState.Queued, events[0].StateChange!.State);
        Assert.Equal(JobState.Running, events[1].StateChange!.State);
        Assert.Equal([1.0 / 3, 2.0 / 3, 1.0], events.Where(e => e.Progress is not null).Select(e => e.Progress!.Fraction));
        Assert.Equal("""{"step":3}""", events[^2].Progress!.Detail);
        Assert.Equal(JobState.Succeeded, events[^1].StateChange!.State);
        Assert.Equal(events[^1].Sequence, (await harness.Engine.GetAsync(job.Id)).LastSequence);
    }

    [Fact]
    public async Task SubscribeAsync_ResumeFromSequenceWhileLive_NoGapNoDuplicate()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.ProgressFlushInterval = TimeSpan.Zero);
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.progress", "6"));
        long lastSeen = 0;
        await foreach (var jobEvent in harness.Engine.SubscribeAsync(job.Id, 0, Timeout()))
        {
            lastSeen = jobEvent.Sequence;
            if (jobEvent.Progress is not null)
            {
                break; // Disconnect after the first progress event, while the job waits on its step.
            }
        }

        // Let the job run on while resuming: its events race the history read and the live hand-over.
        harness.Probe.Step.Release(6);
        var resumed = new List<long>();
        await foreach (var jobEvent in harness.Engine.SubscribeAsync(job.Id, lastSeen + 1, Timeout()))
        {
            resumed.Add(jobEvent.Sequence);
        }

        var final = await harness.Engine.GetAsync(job.Id);
        Assert.Equal(Enumerable.Range((int)lastSeen + 1, (int)(final.LastSequence - lastSeen)).Select(i => (long)i), resumed);
    }

    [Fact]
    public async Task SubscribeAsync_AfterTheEnd_ReplaysHistoryAndCompletes()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo"));
        var done = await harness.AwaitAsync(job.Id);

        var replay = await harness.Engine.SubscribeAsync(job.Id, 2, Timeout()).ToListAsync();
        var beyond = await harness.Engine.SubscribeAsync(job.Id, done.LastSequence + 1, Timeout()).ToListAsync();

        Assert.Equal([2L, 3L], replay.Select(e => e.Sequence));
        Assert.Empty(beyond);
    }

    [Fact]
    public async Task SubscribeAsync_UnknownJob_ThrowsJobNotFound()
    {
        await using var harness = await EngineHarness.CreateAsync();

        await Assert.ThrowsAsync<Errors.JobNotFoundException>(async () => await harness.Engine.SubscribeAsync("jNOPE").ToListAsync());
    }

    [Fact]
    public async Task SubscribeAsync_ManySubscribersAndAStalledOne_JobIsNotSlowedAndStateChangesSurvive()
    {
        await using var harness = await EngineHarness.CreateAsync(o =>
        {
            o.ProgressFlushInterval = TimeSpan.Zero;
            o.SubscriberBufferCapacity = 4;
        });
        const int steps = 40;
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.progress", steps.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var stalled = harness.Engine.SubscribeAsync(job.Id, 0, Timeout()).GetAsyncEnumerator();
        Assert.True(await stalled.MoveNextAsync()); // Subscribed, then reads nothing while the job runs.
        var followers = Enumerable.Range(0, 8).Select(_ => harness.Engine.SubscribeAsync(job.Id, 0, Timeout()).ToListAsync().AsTask()).ToList();

        // The driver releases each step as soon as it sees that step's progress.
        await foreach (var jobEvent in harness.Engine.SubscribeAsync(job.Id, 0, Timeout()))
        {
            if (jobEvent.Progress is not null)
            {
                harness.Probe.Step.Release();
            }
        }

        var done = await harness.Engine.GetAsync(job.Id);
        Assert.Equal(JobState.Succeeded, done.State);
        foreach (var follower in await Task.WhenAll(followers))
        {
            Assert.True(follower[^1].IsTerminal);
            Assert.Equal(3, follower.Count(e => e.StateChange is not null));
            Assert.Equal(1.0, follower.Last(e => e.Progress is not null).Progress!.Fraction);
        }

        var drained = new List<JobEvent> { stalled.Current };
        while (await stalled.MoveNextAsync())
        {
            drained.Add(stalled.Current);
        }

        Assert.Equal([JobState.Queued, JobState.Running, JobState.Succeeded], drained.Where(e => e.StateChange is not null).Select(e => e.StateChange!.State));
        Assert.InRange(drained.Count(e => e.Progress is not null), 1, 5);
        Assert.Equal(1.0, drained.Last(e => e.Progress is not null).Progress!.Fraction);
        Assert.True(drained.Select(e => e.Sequence).SequenceEqual(drained.Select(e => e.Sequence).Order()));
    }

    [Fact]
    public async Task ReportProgress_ChattyHandler_IsCoalescedAndTheLatestIsFlushedBeforeTheEnd()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var stopwatch = Stopwatch.StartNew();

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.chatty", "100000"));
        var done = await harness.AwaitAsync(job.Id);
        var events = await harness.Engine.SubscribeAsync(job.Id, 0, Timeout()).ToListAsync();

        var progress = events.Where(e => e.Progress is not null).ToList();
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.InRange(progress.Count, 1, 2 + (int)(stopwatch.Elapsed.TotalMilliseconds / 50));
        Assert.Equal(1.0, progress[^1].Progress!.Fraction);
        Assert.Equal(1.0, done.Progress!.Fraction);
        Assert.True(events[^2].Progress is not null, "The latest progress is published before the terminal event.");
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TestWait.Timeout).Token;
}
