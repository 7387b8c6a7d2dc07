namespace TaskRpc.Engine.Errors;

/// <summary>The base of every exception the engine raises for a caller's request; see <see cref="Kind"/>.</summary>
public class TaskRpcException : Exception
{
    /// <summary>Creates an exception of kind <see cref="TaskRpcErrorKind.InvalidArgument"/>.</summary>
    public TaskRpcException()
        : this(TaskRpcErrorKind.InvalidArgument, "The request is invalid.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="TaskRpcErrorKind.InvalidArgument"/>.</summary>
    /// <param name="message">The message.</param>
    public TaskRpcException(string message)
        : this(TaskRpcErrorKind.InvalidArgument, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="TaskRpcErrorKind.InvalidArgument"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TaskRpcException(string message, Exception? innerException)
        : this(TaskRpcErrorKind.InvalidArgument, message, innerException)
    {
    }

    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">The message, safe to show to the caller.</param>
    /// <param name="innerException">The cause, or null.</param>
    public TaskRpcException(TaskRpcErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    /// <summary>What went wrong; the service maps it to a gRPC status.</summary>
    public TaskRpcErrorKind Kind { get; }
}
