using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Processes;

/// <summary>A server child process for process-pool tests: in-memory store, 2 workers unless <paramref name="args"/> say otherwise.</summary>
internal static class PoolServer
{
    public static Task<ServerProcess> StartAsync(params string[] args) =>
        ServerProcess.StartAsync(["--store", "memory", "--Engine:Processes:Size=2", .. args]);
}
