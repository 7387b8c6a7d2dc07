using TaskRpc.IntegrationTests.Infrastructure;
namespace TaskRpc.IntegrationTests.Processes;

[Collection(ProcessPoolSerial.Name)]
public sealed class ProcessShutdownTests
{
    [Fact]
    public async Task KillServer_WithBusyAndIdleWorkers_LeavesNoOrphanWorkers()
    {
        await using var server = await PoolServer.StartAsync();
        await CpuJobs.StartAsync(server.Client, "demo.cpu", CpuJobs.Endless);
        var workers = server.Workers();
        Assert.Equal(2, workers.Count);

        server.Kill(); // SIGKILL: the server cannot clean up; each worker sees its stdin end and exits.

        await ProcessTable.WaitUntilAsync(() => !workers.Any(ProcessTable.IsAlive), TimeSpan.FromSeconds(10), $"workers {string.Join(", ", workers)} are gone");
    }

    [Fact]
    public async Task StopServer_Gracefully_StopsEveryWorkerAndExitsCleanly()
    {
        await using var server = await PoolServer.StartAsync();
        await CpuJobs.StartAsync(server.Client, "demo.cpu", CpuJobs.Endless);
        var workers = server.Workers();
        Assert.Equal(2, workers.Count);

        await server.StopGracefullyAsync();

        Assert.True(server.HasExited);
        await ProcessTable.WaitUntilAsync(() => !workers.Any(ProcessTable.IsAlive), TimeSpan.FromSeconds(10), $"workers {string.Join(", ", workers)} are gone");
    }
}
