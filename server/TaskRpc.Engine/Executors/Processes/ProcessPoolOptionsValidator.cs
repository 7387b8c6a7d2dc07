using Microsoft.Extensions.Options;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>Validates <see cref="EngineOptions.Processes"/> (at startup).</summary>
internal sealed class ProcessPoolOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pool = options.Processes;
        if (pool is null)
        {
            return ValidateOptionsResult.Fail("Processes must be set.");
        }

        var failures = new List<string>();
        Check(failures, pool.Size >= 1, "Processes.Size must be at least 1.");
        Check(failures, pool.MaxInFlightPerWorker is >= 1 and <= 64, "Processes.MaxInFlightPerWorker must be 1 to 64.");
        Check(failures, pool.QueueCapacity >= 1, "Processes.QueueCapacity must be at least 1.");
        Check(failures, pool.CancelGracePeriod >= TimeSpan.Zero, "Processes.CancelGracePeriod must not be negative.");
        Check(failures, pool.MaxJobsPerWorker >= 0, "Processes.MaxJobsPerWorker must not be negative.");
        Check(failures, pool.MaxWorkerMemoryBytes >= 0, "Processes.MaxWorkerMemoryBytes must not be negative.");
        Check(failures, pool.WorkerHeapHardLimitBytes >= 0, "Processes.WorkerHeapHardLimitBytes must not be negative.");
        Check(failures, pool.StartTimeout > TimeSpan.Zero, "Processes.StartTimeout must be positive.");
        Check(failures, pool.StopTimeout > TimeSpan.Zero, "Processes.StopTimeout must be positive.");
        Check(failures, pool.HeartbeatInterval > TimeSpan.Zero, "Processes.HeartbeatInterval must be positive.");
        Check(
            failures,
            pool.HeartbeatTimeout == Timeout.InfiniteTimeSpan || pool.HeartbeatTimeout > pool.HeartbeatInterval,
            "Processes.HeartbeatTimeout must be longer than Processes.HeartbeatInterval (or infinite, -00:00:00.001, to turn the check off).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string message)
    {
        if (!ok)
        {
            failures.Add(message);
        }
    }
}
