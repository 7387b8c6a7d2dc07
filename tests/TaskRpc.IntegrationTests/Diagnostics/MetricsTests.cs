using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.IntegrationTests.Processes;
using TaskRpc.Server;

namespace TaskRpc.IntegrationTests.Diagnostics;

/// <summary>The meter TaskRpc.Engine of an in-process server, read with a MeterListener.</summary>
[Collection(ProcessPoolSerial.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task CrashingWorker_CountsTheJobsAndTheReplacedWorker()
    {
        await using var server = await StartAsync();
        using var metrics = new MetricRecorder(server.Services.GetRequiredService<IMeterFactory>());

        var crashed = await server.Client.RunAsync("demo.crash", """{"mode": "exit"}""");
        var echoed = await server.Client.RunAsync("demo.echo", """{"x": 1}""");

        Assert.Equal(JobState.Failed, crashed.State);
        Assert.Equal(JobState.Succeeded, echoed.State);
        await metrics.WaitForAsync("taskrpc.jobs.completed", "state=succeeded", 1);
        await metrics.WaitForAsync("taskrpc.workers.replaced", "reason=crashed", 1);
        Assert.Equal(1, metrics.Sum("taskrpc.jobs.submitted", "task=demo.crash"));
        Assert.Equal(1, metrics.Sum("taskrpc.jobs.submitted", "task=demo.echo"));
        Assert.Equal(1, metrics.Sum("taskrpc.jobs.completed", "state=failed"));
        Assert.Equal(1, metrics.Sum("taskrpc.jobs.completed", "state=succeeded"));
        Assert.Equal(1, metrics.Sum("taskrpc.workers.replaced", "reason=crashed"));
    }

    [Fact]
    public async Task WorkersRecycledAfterEachJob_CountEveryRecycleAndNoCrash()
    {
        await using var server = await StartAsync("--Engine:Processes:MaxJobsPerWorker=1");
        using var metrics = new MetricRecorder(server.Services.GetRequiredService<IMeterFactory>());

        for (var i = 0; i < 3; i++)
        {
            await CpuJobs.RunAsync(server.Client);
        }

        await metrics.WaitForAsync("taskrpc.workers.replaced", "reason=recycled", 3);
        Assert.Equal(3, metrics.Sum("taskrpc.workers.replaced", "reason=recycled"));
        Assert.Equal(0, metrics.Sum("taskrpc.workers.replaced", "reason=crashed"));
        Assert.Equal(3, metrics.Sum("taskrpc.jobs.completed", "state=succeeded"));
    }

    /// <summary>One worker, started from the server's own assembly (an in-process host cannot start itself).</summary>
    internal static Task<TaskRpcTestServer> StartAsync(params string[] args) => TaskRpcTestServer.StartAsync(
    [
        "--Engine:Processes:Size=1",
        $"--Engine:Processes:WorkerCommand={ServerProcess.DotnetHost}",
        $"--Engine:Processes:WorkerArguments:0={typeof(TaskRpcServer).Assembly.Location}",
        "--Engine:Processes:WorkerArguments:1=--worker",
        .. args,
    ]);
}
