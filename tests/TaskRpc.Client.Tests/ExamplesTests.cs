using System.Globalization;
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
        Assert.Equal(CpuChecksum(2_000_000), computed.Result);
        // A live worker of the in-process test server, i.e. a child of this test process.
        Assert.NotEqual(Environment.ProcessId, computed.Pid);
        Assert.True(ProcessParent.Of(computed.Pid) == Environment.ProcessId, $"process {computed.Pid} is not a worker of this test's server (parent {ProcessParent.Of(computed.Pid)?.ToString(CultureInfo.InvariantCulture) ?? "none: not running"}).");
    }

    [Fact]
    public async Task Await_ResultRecordWithAMemberTheResultLacks_ThrowsNamingTheMember()
    {
        // demo.cpu returns {n, result, pid}; a record expecting "sum" must not read as Sum = 0.
        var job = await Client.SubmitAsync<MisnamedCpuResult>("demo.cpu", new { n = 1000 }, cancellationToken: Timeout);

        var error = await Assert.ThrowsAsync<InvalidCastException>(async () => await job);

        Assert.Contains(job.Id, error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MisnamedCpuResult), error.Message, StringComparison.Ordinal);
        Assert.Contains("sum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Await_ResultRecordWithAnOptionalMemberTheResultLacks_ReadsTheDefault()
    {
        var result = await await Client.SubmitAsync<EchoedWithOptional>("demo.echo", new { n = 7 }, cancellationToken: Timeout);

        Assert.Equal(new EchoedWithOptional(7), result);
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

    /// <summary>demo.cpu's checksum: the sum of i*i mod 2^61-1 for i below <paramref name="n"/>, as a JSON number reads.</summary>
    private static double CpuChecksum(long n)
    {
        const long modulus = (1L << 61) - 1;
        long sum = 0;
        for (long i = 0; i < n; i++)
        {
            sum = (sum + (long)((UInt128)(ulong)i * (ulong)i % modulus)) % modulus;
        }

        return sum;
    }

    /// <summary>demo.cpu's result under wrong names: "sum" and "processId" are not in {n, result, pid}.</summary>
    public sealed record MisnamedCpuResult(long N, long Sum, int ProcessId);

    /// <summary>An echoed record whose second member may be absent.</summary>
    public sealed record EchoedWithOptional(int N, string Label = "none");
}
