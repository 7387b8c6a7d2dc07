using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>Declares how a task handler runs; each value can be overridden at registration with <see cref="TaskOptions"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TaskHandlerAttribute : Attribute
{
    /// <summary>Where the handler runs. Default <see cref="ExecutorKind.Async"/>.</summary>
    public ExecutorKind Executor { get; set; } = ExecutorKind.Async;

    /// <summary>At most this many jobs of the task run at once; 0 (default): limited only by the executor.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>What the task does.</summary>
    public string? Description { get; set; }

    /// <summary>What the args look like, as a JSON example or schema text.</summary>
    public string? ArgsDescription { get; set; }

    /// <summary>The default execution timeout in seconds; 0 (default): none.</summary>
    public double ExecutionTimeoutSeconds { get; set; }

    /// <summary>The default attempts in all; 0 or 1 (default): no retry, otherwise default backoff.</summary>
    public int MaxAttempts { get; set; }
}
