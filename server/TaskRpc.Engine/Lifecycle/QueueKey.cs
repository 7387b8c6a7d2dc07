namespace TaskRpc.Engine.Lifecycle;

/// <summary>Dispatch order: higher priority first, then first in, first out.</summary>
/// <param name="Priority">The job's priority.</param>
/// <param name="Order">The enqueue order.</param>
internal readonly record struct QueueKey(int Priority, long Order) : IComparable<QueueKey>
{
    public int CompareTo(QueueKey other)
    {
        var byPriority = other.Priority.CompareTo(Priority);
        return byPriority != 0 ? byPriority : Order.CompareTo(other.Order);
    }
}
