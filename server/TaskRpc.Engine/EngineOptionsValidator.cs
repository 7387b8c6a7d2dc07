using Microsoft.Extensions.Options;

namespace TaskRpc.Engine;

/// <summary>Validates <see cref="EngineOptions"/> (at startup).</summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    /// <summary>Room for a job's fixed fields, its texts once shortened, and small args.</summary>
    public const int MinJobSizeBytes = 64 * 1024;

    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(options.ResultRetention), options.ResultRetention);
        Positive(failures, nameof(options.RetentionSweepInterval), options.RetentionSweepInterval);
        Positive(failures, nameof(options.ShutdownTimeout), options.ShutdownTimeout);
        Positive(failures, nameof(options.LeaseDuration), options.LeaseDuration);
        Positive(failures, nameof(options.SharedStorePollInterval), options.SharedStorePollInterval);
        if (options.ProgressFlushInterval < TimeSpan.Zero)
        {
            failures.Add("ProgressFlushInterval must not be negative.");
        }

        if (options.SubscriberBufferCapacity < 1)
        {
            failures.Add("SubscriberBufferCapacity must be at least 1.");
        }

        if (options.MaxJobSizeBytes < MinJobSizeBytes)
        {
            failures.Add($"MaxJobSizeBytes must be at least {MinJobSizeBytes}, not {options.MaxJobSizeBytes}.");
        }

        if (string.IsNullOrWhiteSpace(options.NodeId))
        {
            failures.Add("NodeId must not be empty.");
        }

        Executor(failures, nameof(options.Async), options.Async);
        Executor(failures, nameof(options.Threads), options.Threads);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive.");
        }
    }

    private static void Executor(List<string> failures, string name, ExecutorOptions? options)
    {
        if (options is null)
        {
            failures.Add($"{name} must be set.");
            return;
        }

        if (options.MaxConcurrency < 1)
        {
            failures.Add($"{name}.MaxConcurrency must be at least 1.");
        }

        if (options.QueueCapacity < 1)
        {
            failures.Add($"{name}.QueueCapacity must be at least 1.");
        }
    }
}
