using System.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;
using Xunit.Abstractions;

namespace TaskRpc.Engine.Tests.Lifecycle;

public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SubmitAsync_ManyNoOpJobs_AllSucceedAndRateIsReported()
    {
        const int jobs = 10_000;
        await using var harness = await EngineHarness.CreateAsync();
        var args = Payload.FromJson("{}");

        for (var round = 1; round <= 3; round++)
        {
            var ids = new string[jobs];
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < jobs; i++)
            {
                ids[i] = (await harness.Engine.SubmitAsync(new JobSubmission { Task = "demo.echo", Args = args })).Id;
            }

            var submitted = stopwatch.Elapsed;
            var result = await harness.Engine.WaitAsync(ids, ReturnWhen.AllCompleted, TestWait.Timeout);
            stopwatch.Stop();

            Assert.Equal(jobs, result.Done.Count(j => j.State == JobState.Succeeded));
            output.WriteLine($"round {round}: {jobs} no-op jobs in {stopwatch.ElapsedMilliseconds} ms, {jobs / stopwatch.Elapsed.TotalSeconds:N0} jobs/s (submitting {submitted.TotalMilliseconds:N0} ms), GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, heap {GC.GetTotalMemory(false) / 1_000_000} MB");
        }
    }
}
