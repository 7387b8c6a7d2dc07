using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.IntegrationTests.Processes;
using TaskRpc.IntegrationTests.Diagnostics;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>The instruments added for issue 14, read with a MeterListener on an in-process server: each records with the right tags.</summary>
[Collection(ProcessPoolSerial.Name)]
public sealed class InstrumentTests
{
    [Fact]
    public async Task Jobs_RecordQueueWaitRunTimeDurationAndRunning_ByTaskAndExecutor()
    {
        await using var server = await MetricsTests.StartAsync(); // One worker.
        using var metrics = new InstrumentRecorder(server.Services.GetRequiredService<IMeterFactory>());

        Assert.Equal(JobState.Succeeded, (await server.Client.RunAsync("demo.echo", """{"x": 1}""")).State);
        await CpuJobs.RunAsync(server.Client);

        foreach (var (task, executor) in new[] { ("demo.echo", "async"), ("demo.cpu", "processes") })
        {
            bool Job(InstrumentRecorder.Recorded m) => m.Has("task", task) && m.Has("executor", executor);
            var wait = await metrics.WaitForAsync("taskrpc.job.queue_wait", Job);
            Assert.InRange(wait.Value, 0, 60);
            var run = await metrics.WaitForAsync("taskrpc.job.run_time", Job);
            Assert.InRange(run.Value, 0, 60);
            var duration = await metrics.WaitForAsync("taskrpc.job.duration", m => Job(m) && m.Has("state", "succeeded"));
            Assert.True(duration.Value >= run.Value / 2, $"submit-to-end {duration.Value} s, run time {run.Value} s");

            // Running: +1 when the attempt started, -1 when it ended.
            await metrics.WaitForAsync("taskrpc.jobs.running", m => Job(m) && m.Value < 0);
            var running = metrics.Of("taskrpc.jobs.running").Where(Job).ToList();
            Assert.Equal([1.0, -1.0], running.Select(m => m.Value));
        }
    }

    [Fact]
    public async Task StoreWritesAndWorkers_RecordDurationByOperationAndWorkersAlive()
    {
        await using var server = await MetricsTests.StartAsync(); // One worker.
        using var metrics = new InstrumentRecorder(server.Services.GetRequiredService<IMeterFactory>());

        await server.Client.RunAsync("demo.echo", """{"x": 1}""");
        metrics.Observe();

        var create = await metrics.WaitForAsync("taskrpc.store.write.duration", m => m.Has("operation", "create"));
        Assert.InRange(create.Value, 0, 60);
        await metrics.WaitForAsync("taskrpc.store.write.duration", m => m.Has("operation", "apply"));
        var alive = Assert.Single(metrics.Of("taskrpc.workers.alive"));
        Assert.Equal(1, alive.Value);
        Assert.Contains(metrics.Of("taskrpc.queue.depth"), m => m.Has("executor", "processes"));
    }
}
