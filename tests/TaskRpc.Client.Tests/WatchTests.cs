using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

public sealed class WatchTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task WatchAsync_SleepJob_YieldsEveryEventInOrderEndingWithSuccess()
    {
        var job = await SleepAsync(0.2, steps: 4);

        var events = await CollectAsync(job);

        AssertContiguousFrom(1, events);
        AssertSteps(4, events.Where(e => e.Progress is not null).Select(e => e.Progress.Fraction).ToList());
        Assert.Equal(JobState.Succeeded, events[^1].StateChange.State);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(new SleepResult(0.2, 4), await job.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task WatchAsync_ConnectionLostMidStream_ResumesWithoutGapsOrDuplicates()
    {
        var handler = new InstrumentedHandler { BreakStreamAfter = 3 };
        using var client = Server.CreateClient(options => options.HttpHandler = handler);
        var job = await SleepAsync(0.4, steps: 4, client);

        var events = await CollectAsync(job);

        Assert.Equal(1, handler.StreamBreaks);
        Assert.Equal(2, handler.Calls("StreamProgress"));
        AssertContiguousFrom(1, events);
        AssertSteps(4, events.Where(e => e.Progress is not null).Select(e => e.Progress.Fraction).ToList());
        Assert.Equal(JobState.Succeeded, events[^1].StateChange.State);
    }

    [Fact]
    public async Task WatchAsync_FromSequence_StartsThere()
    {
        var job = await SleepAsync(0.05, steps: 2);
        await job;

        var events = await CollectAsync(job, fromSequence: 3);

        AssertContiguousFrom(3, events);
        Assert.Equal(JobState.Succeeded, events[^1].StateChange.State);
    }

    [Fact]
    public async Task WatchAsync_FromPastTheEnd_EndsWithoutEvents()
    {
        var job = await SleepAsync(0);
        var ended = await job.WaitAsync(Timeout);

        var events = await CollectAsync(job, fromSequence: ended.LastSequence + 1);

        Assert.Empty(events);
    }

    [Fact]
    public async Task GetResultAsync_WithProgress_ReportsStepsInOrderEndingWithTheLast()
    {
        var job = await SleepAsync(0.4, steps: 4);
        var reports = new List<Progress>();

        var result = await job.GetResultAsync(new SynchronousProgress(reports.Add), Timeout);

        Assert.Equal(new SleepResult(0.4, 4), result);
        AssertSteps(4, reports.Select(p => p.Fraction).ToList());
        Assert.Equal("step 4 of 4", reports[^1].Message);
    }

    private async Task<List<JobEvent>> CollectAsync(RemoteJob job, ulong fromSequence = 0)
    {
        var events = new List<JobEvent>();
        await foreach (var jobEvent in job.WatchAsync(fromSequence, Timeout))
        {
            events.Add(jobEvent);
        }

        return events;
    }

    /// <summary>
    /// The progress of a demo.sleep job of <paramref name="steps"/> steps: some of the steps, in
    /// order, ending with the last. The server coalesces reports closer than its flush interval
    /// (50 ms), which a loaded machine stretches, so a middle step may merge into the next one;
    /// the last is always published before the job's final event.
    /// </summary>
    private static void AssertSteps(int steps, List<double> fractions)
    {
        Assert.NotEmpty(fractions);
        Assert.Subset(Enumerable.Range(1, steps).Select(i => (double)i / steps).ToHashSet(), fractions.ToHashSet());
        Assert.Equal(fractions.Order().Distinct(), fractions);
        Assert.Equal(1.0, fractions[^1]);
    }

    private static void AssertContiguousFrom(ulong first, List<JobEvent> events)
    {
        Assert.NotEmpty(events);
        Assert.Equal(Enumerable.Range((int)first, events.Count).Select(n => (ulong)n), events.Select(e => e.Sequence));
    }
}
