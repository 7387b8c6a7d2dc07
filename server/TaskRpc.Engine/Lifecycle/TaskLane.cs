namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// A task's concurrency limit (the asyncio Semaphore): its running count and the jobs parked
/// while it is at its limit. Guarded by the lock of the task's <see cref="ExecutorQueue"/>.
/// </summary>
internal sealed class TaskLane
{
    public TaskLane(int limit) => Limit = limit;

    /// <summary>At most this many jobs run at once; 0: no limit of its own.</summary>
    public int Limit { get; }

    public int Running { get; set; }

    public PriorityQueue<JobRuntime, QueueKey> Parked { get; } = new();

    public bool IsFull => Limit > 0 && Running >= Limit;
}
