using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskRpc.Engine.Executors.Processes;

namespace TaskRpc.Server.Health;

/// <summary>
/// Unhealthy while the process pool cannot start a worker (its last start failed or the worker
/// died before it was ready, and none has become ready since); healthy again once one does.
/// </summary>
internal sealed class ProcessPoolHealthCheck(ProcessPoolExecutor executor) : IHealthCheck
{
    public const string Name = "process-pool";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(executor.Pool is { IsFailingToStart: true }
            ? HealthCheckResult.Unhealthy("The process pool cannot start a worker.")
            : HealthCheckResult.Healthy());
}
