using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>StreamProgress: the event log of a job, live and resumed.</summary>
public sealed class StreamProgressTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int Steps = 4;
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task StreamProgress_SleepJob_DeliversGaplessEventsEndingWithResult()
    {
        var job = await _client.SubmitAsync("demo.sleep", $$"""{"seconds": 0.4, "steps": {{Steps}}}""");

        var events = await _client.ReadEventsAsync(job.Id);

        AssertGapless(events, job.Id);
        Assert.Equal(JobState.Queued, events[0].StateChange.State);
        Assert.Equal(JobState.Running, events[1].StateChange.State);
        var fractions = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Progress).Select(e => e.Progress.Fraction).ToList();
        Assert.NotEmpty(fractions);
        Assert.Equal(fractions.Order(), fractions);
        Assert.Equal(1.0, fractions[^1]);
        Assert.All(fractions, f => Assert.Equal(0, (f * Steps) % 1, 9));
        var last = events[^1].StateChange;
        Assert.Equal(JobState.Succeeded, last.State);
        Assert.Equal(Steps, JsonPayload.Parse(last.Result).GetProperty("steps").GetInt32());
        Assert.Equal((ulong)events.Count, (await _client.GetAsync(job.Id)).LastSequence);
    }

    [Fact]
    public async Task StreamProgress_ResumeAfterDroppedCall_DeliversRestWithoutGapOrDuplicate()
    {
        const int firstPart = 3;
        var job = await _client.SubmitAsync("demo.sleep", """{"seconds": 0.6, "steps": 6}""");

        var head = await _client.ReadEventsAsync(job.Id, count: firstPart);
        var tail = await _client.ReadEventsAsync(job.Id, fromSequence: firstPart + 1);
        var whole = await _client.ReadEventsAsync(job.Id);

        Assert.Equal(firstPart, head.Count);
        var resumed = head.Concat(tail).ToList();
        AssertGapless(resumed, job.Id);
        Assert.Equal(whole, resumed);
        Assert.Equal(JobState.Succeeded, resumed[^1].StateChange.State);
    }

    [Fact]
    public async Task StreamProgress_FromAfterTerminalEvent_EndsAtOnce()
    {
        var job = await _client.RunAsync("demo.echo", "{}");

        var events = await _client.ReadEventsAsync(job.Id, fromSequence: job.LastSequence + 1);

        Assert.Empty(events);
    }

    [Fact]
    public async Task StreamProgress_TwoSubscribers_GetTheSameEvents()
    {
        var job = await _client.SubmitAsync("demo.sleep", """{"seconds": 0.4, "steps": 4}""");

        var both = await Task.WhenAll(_client.ReadEventsAsync(job.Id), _client.ReadEventsAsync(job.Id));

        AssertGapless(both[0], job.Id);
        Assert.Equal(both[0], both[1]);
    }

    private static void AssertGapless(List<JobEvent> events, string jobId)
    {
        Assert.NotEmpty(events);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (ulong)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal(jobId, e.JobId));
        Assert.True(events[^1].StateChange is { } last && last.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled);
    }
}
