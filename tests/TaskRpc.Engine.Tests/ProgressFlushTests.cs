using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests;

/// <summary>
/// The flushes that are due at once (a job's first report) run from one work item for all jobs
/// due together, and skip a job whose attempt already ended and published its report.
/// </summary>
public sealed class ProgressFlushTests
{
    private const int Jobs = 48;

    [Fact]
    public async Task ReportProgress_JobsReportThenWait_EachFirstReportIsPublishedWhileItRuns()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var ids = new List<string>();

        // Every job reports once and then waits for a permit: its report must be published while it still runs,
        // whether it falls due alone (one job after another) or together with others (a burst).
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await harness.Engine.SubmitAsync(EngineHarness.Job("test.progress", "1"))).Id);
            await AwaitProgressWhileRunningAsync(harness, ids[^1]);
        }

        var burst = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(_ => harness.Engine.SubmitAsync(EngineHarness.Job("test.progress", "1")).AsTask()));
        foreach (var job in burst)
        {
            ids.Add(job.Id);
            await AwaitProgressWhileRunningAsync(harness, job.Id);
        }

        harness.Probe.Step.Release(ids.Count);
        foreach (var id in ids)
        {
            Assert.Equal(JobState.Succeeded, (await harness.AwaitAsync(id)).State);
            AssertOneProgressThenTheEnd(await harness.Engine.SubscribeAsync(id, 0, Timeout()).ToListAsync());
        }
    }

    [Fact]
    public async Task ReportProgress_ManyJobsReportAndReturnAtOnce_EachPublishesItOnceBeforeItsEnd()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var submitted = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(_ => harness.Engine.SubmitAsync(EngineHarness.Job("test.chatty", "1")).AsTask()));

        foreach (var job in submitted)
        {
            var done = await harness.AwaitAsync(job.Id);
            Assert.Equal(JobState.Succeeded, done.State);
            Assert.Equal(1.0, done.Progress!.Fraction);
            AssertOneProgressThenTheEnd(await harness.Engine.SubscribeAsync(job.Id, 0, Timeout()).ToListAsync());
        }
    }

    private static async Task AwaitProgressWhileRunningAsync(EngineHarness harness, string id)
    {
        await foreach (var jobEvent in harness.Engine.SubscribeAsync(id, 0, Timeout()))
        {
            if (jobEvent.Progress is not null)
            {
                Assert.Equal(JobState.Running, (await harness.Engine.GetAsync(id)).State);
                return;
            }
        }

        Assert.Fail("The job ended without publishing its progress.");
    }

    private static void AssertOneProgressThenTheEnd(List<JobEvent> events)
    {
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Single(events, e => e.Progress is not null);
        Assert.Equal(1.0, events[^2].Progress?.Fraction);
        Assert.Equal(JobState.Succeeded, events[^1].StateChange!.State);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TestWait.Timeout).Token;
}
