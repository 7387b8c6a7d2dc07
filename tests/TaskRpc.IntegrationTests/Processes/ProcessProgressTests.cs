using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.IntegrationTests.Processes;

[Collection(ProcessPoolSerial.Name)]
public sealed class ProcessProgressTests
{
    [Fact]
    public async Task StreamProgress_CpuJobInAWorker_StreamsIncreasingProgressThenSucceeds()
    {
        // Every report published (no 50 ms coalescing), and a job long enough (about 1 s) for its 100 reports
        // to be seen apart: a fast machine finished 50M steps within the first flush, one event.
        await using var server = await PoolServer.StartAsync("--Engine:ProgressFlushInterval=00:00:00");
        var job = await server.Client.SubmitAsync("demo.cpu", """{"n": 100000000}""");

        var events = await server.Client.ReadEventsAsync(job.Id);

        var fractions = events.Where(e => e.Progress is not null).Select(e => e.Progress.Fraction).ToList();
        Assert.True(fractions.Count >= 2, $"{fractions.Count} progress events");
        Assert.Equal(fractions.Order(), fractions);
        Assert.Contains(events.Where(e => e.Progress is not null), e => e.Progress.Message.EndsWith("of 100000000", StringComparison.Ordinal));
        Assert.Equal(JobState.Succeeded, events[^1].StateChange.State);
    }
}
