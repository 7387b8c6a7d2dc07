using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskRpc.Server.Health;

/// <summary>Unhealthy while the job store's last write failed (full or unavailable); see <see cref="StoreWriteTracker"/>.</summary>
internal sealed class StoreHealthCheck(StoreWriteTracker tracker) : IHealthCheck
{
    public const string Name = "job-store";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(tracker.LastFailure is { } failure
            ? HealthCheckResult.Unhealthy("The job store cannot be written: " + failure.Message, failure)
            : HealthCheckResult.Healthy());
}
