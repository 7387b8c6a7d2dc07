using Microsoft.Extensions.Hosting;
using TaskRpc.Grpc.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TaskRpc.Server.Services;

/// <summary>
/// Reports taskrpc.v1.TaskService SERVING once the host (and the engine) has started, and
/// NOT_SERVING, for it and the whole server, as soon as shutdown begins.
/// </summary>
internal sealed class HealthReporter(HealthStatusRegistry health, IHostApplicationLifetime lifetime) : IHostedService
{
    public const string ServiceName = "taskrpc.v1.TaskService";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        health.SetStatus(ServiceName, ServingStatus.NotServing);
        lifetime.ApplicationStarted.Register(() => health.SetStatus(ServiceName, ServingStatus.Serving));
        lifetime.ApplicationStopping.Register(() =>
        {
            health.SetStatus(ServiceName, ServingStatus.NotServing);
            health.SetStatus(string.Empty, ServingStatus.NotServing);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
