namespace TaskRpc.Engine;

/// <summary>The limits of one executor.</summary>
public sealed class ExecutorOptions
{
    /// <summary>The most jobs that run at once on the executor (threads, for the Threads executor). At least 1.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>The most jobs waiting for the executor (queued, delayed or waiting to retry) before submissions fail with <see cref="Errors.QueueFullException"/>. At least 1.</summary>
    public int QueueCapacity { get; set; }
}
