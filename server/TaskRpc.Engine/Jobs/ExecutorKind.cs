namespace TaskRpc.Engine.Jobs;

/// <summary>Where a task's handler runs.</summary>
public enum ExecutorKind
{
    /// <summary>Awaited on the server with bounded concurrency: I/O-bound work.</summary>
    Async = 1,

    /// <summary>A dedicated, bounded pool of OS threads: blocking work.</summary>
    Threads = 2,

    /// <summary>A pool of worker processes: CPU-bound or risky work, isolated, with forced cancel.</summary>
    Processes = 3,
}
