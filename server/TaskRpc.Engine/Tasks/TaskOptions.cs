using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>How a registered task runs; starts from the handler's <see cref="TaskHandlerAttribute"/>.</summary>
public sealed class TaskOptions
{
    /// <summary>Where the handler runs. Default <see cref="ExecutorKind.Async"/>.</summary>
    public ExecutorKind Executor { get; set; } = ExecutorKind.Async;

    /// <summary>At most this many jobs of the task run at once; 0 (default): limited only by the executor.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>What the task does. Default empty.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>What the args look like, as a JSON example or schema text. Default empty.</summary>
    public string ArgsDescription { get; set; } = string.Empty;

    /// <summary>Applied when a submission sets no execution timeout. Default null: none.</summary>
    public TimeSpan? DefaultExecutionTimeout { get; set; }

    /// <summary>Applied when a submission sets no retry. Default null: one attempt.</summary>
    public RetryPolicy? DefaultRetry { get; set; }
}
