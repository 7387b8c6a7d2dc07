using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace TaskRpc.Server.Health;

/// <summary>
/// Healthy only between the host's start (engine and Kestrel running) and the beginning of its
/// shutdown: a graceful stop reports NOT_SERVING first, while calls in flight finish.
/// </summary>
internal sealed class LifecycleHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "lifecycle";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("The server is stopping.")
            : !lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Unhealthy("The server is starting.")
            : HealthCheckResult.Healthy());
}
