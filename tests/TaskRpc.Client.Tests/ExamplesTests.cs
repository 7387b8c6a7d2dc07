using TaskRpc.Client.Examples;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

public sealed class ExamplesTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task GatherExample_ThreeJobs_ReturnsTheirResultsInOrder()
    {
        var results = await GatherExample.RunAsync(Client);

        Assert.Equal([0.3, 0.2, 0.1], results.Select(r => r.Slept));
    }

    [Fact]
    public async Task WaitFirstCompletedExample_FastAndSlow_OneDoneOnePending() =>
        Assert.Equal((1, 1), await WaitFirstCompletedExample.RunAsync(Client));

    [Fact]
    public async Task FanOutExample_600Jobs_EchoesEveryInputInOrder()
    {
        var echoed = await FanOutExample.RunAsync(Client);

        Assert.Equal(Enumerable.Range(0, 600), echoed.Select(n => n.N));
    }

    [Fact]
    public async Task ThreadsAndProcessesExample_BothPools_ReturnBothResults()
    {
        var (slept, computed) = await ThreadsAndProcessesExample.RunAsync(Client);

        Assert.Equal(0.5, slept.Slept);
        Assert.Equal(2_000_000, computed.N);
        Assert.NotEqual(Environment.ProcessId, computed.ProcessId);
    }

    [Fact]
    public async Task CancelExample_DirectAndByTimeout_BothJobsEndCancelled()
    {
        var (cancelled, state, timedOutState) = await CancelExample.RunAsync(Client);

        Assert.True(cancelled);
        Assert.Equal(JobState.Cancelled, state);
        Assert.Equal(JobState.Cancelled, timedOutState);
    }

    [Fact]
    public async Task WatchProgressExample_SleepJob_SeesTheStepsThenTheResult()
    {
        var (events, result) = await WatchProgressExample.RunAsync(Client);

        // Steps 250 ms apart are rarely coalesced (flush interval 50 ms), but a loaded machine may
        // merge one into the next; the last step is always published before the final event.
        var fractions = events.Where(e => e.Progress is not null).Select(e => e.Progress.Fraction).ToList();
        Assert.InRange(fractions.Count, 1, 4);
        Assert.Equal(fractions.Order(), fractions);
        Assert.Equal(1.0, fractions[^1]);
        Assert.Equal(JobState.Succeeded, events[^1].StateChange.State);
        Assert.Equal(new Examples.SleepResult(0.4, 2), result);
    }
}
