using Grpc.Health.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TaskRpc.IntegrationTests.Serving;

/// <summary>Waits for a server's health (the whole server and taskrpc.v1.TaskService) to reach a status.</summary>
internal static class HealthProbe
{
    /// <summary>The status of both; fails the test when they differ (call it only while the status is stable).</summary>
    public static async Task<ServingStatus> StatusAsync(TaskRpcClient client)
    {
        var (service, server) = await BothAsync(client);
        Assert.Equal(service, server);
        return service;
    }

    /// <summary>Checks health until it is <paramref name="expected"/>; fails the test after a generous timeout.</summary>
    public static async Task WaitForAsync(TaskRpcClient client, ServingStatus expected)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await BothAsync(client) != (expected, expected))
        {
            try
            {
                await ticks.WaitForNextTickAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Health did not become {expected} within 60 s.");
            }
        }
    }

    private static async Task<(ServingStatus Service, ServingStatus Server)> BothAsync(TaskRpcClient client) =>
        ((await client.CheckHealthAsync("taskrpc.v1.TaskService")).Status, (await client.CheckHealthAsync(string.Empty)).Status);
}
