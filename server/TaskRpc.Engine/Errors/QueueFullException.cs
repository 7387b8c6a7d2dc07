using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Errors;

/// <summary>An executor's queue is full: RESOURCE_EXHAUSTED. The caller may retry later.</summary>
public sealed class QueueFullException : TaskRpcException
{
    /// <summary>Creates the exception.</summary>
    public QueueFullException()
        : this("The queue is full.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public QueueFullException(string message)
        : base(TaskRpcErrorKind.ResourceExhausted, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public QueueFullException(string message, Exception? innerException)
        : base(TaskRpcErrorKind.ResourceExhausted, message, innerException)
    {
    }

    /// <summary>Creates the exception for an executor's queue.</summary>
    /// <param name="executor">The executor whose queue is full.</param>
    /// <param name="capacity">The queue's capacity.</param>
    public QueueFullException(ExecutorKind executor, int capacity)
        : base(TaskRpcErrorKind.ResourceExhausted, $"The {executor} executor's queue is full ({capacity} jobs); retry later.")
    {
        Executor = executor;
        Capacity = capacity;
    }

    /// <summary>The executor whose queue is full.</summary>
    public ExecutorKind Executor { get; }

    /// <summary>The queue's capacity.</summary>
    public int Capacity { get; }
}
