namespace TaskRpc.Engine.Errors;

/// <summary>
/// The job store is full (the disk, or its configured size limit): RESOURCE_EXHAUSTED. Nothing
/// the call asked for was written; the caller may retry once space is freed.
/// </summary>
public sealed class StoreFullException : TaskRpcException
{
    /// <summary>Creates the exception.</summary>
    public StoreFullException()
        : this("The job store is full.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message, naming the store.</param>
    public StoreFullException(string message)
        : base(TaskRpcErrorKind.ResourceExhausted, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message, naming the store.</param>
    /// <param name="innerException">The cause.</param>
    public StoreFullException(string message, Exception? innerException)
        : base(TaskRpcErrorKind.ResourceExhausted, message, innerException)
    {
    }
}
