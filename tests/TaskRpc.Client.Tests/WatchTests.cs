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
        Assert.Equal(4, events.Count(e => e.Progress is not null));
        Assert.Equal(1.0, events.Last(e => e.Progress is not null).Progress.Fraction);
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
        Assert.Equal(4, events.Count(e => e.Progress is not null));
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
    public async Task GetResultAsync_WithProgress_ReportsEveryStep()
    {
        var job = await SleepAsync(0.2, steps: 4);
        var reports = new List<Progress>();

        var result = await job.GetResultAsync(new SynchronousProgress(reports.Add), Timeout);

        Assert.Equal(new SleepResult(0.2, 4), result);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], reports.Select(p => p.Fraction));
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

    private static void AssertContiguousFrom(ulong first, List<JobEvent> events)
    {
        Assert.NotEmpty(events);
        Assert.Equal(Enumerable.Range((int)first, events.Count).Select(n => (ulong)n), events.Select(e => e.Sequence));
    }
}
