namespace TaskRpc.Engine.Errors;

/// <summary>
/// The job store can't be used: its file is corrupt, unreadable, locked by another process or
/// connection beyond the busy timeout, or an I/O error occurred: UNAVAILABLE. Nothing the call
/// asked for was written. The message names the store and the cause.
/// </summary>
public sealed class StoreUnavailableException : TaskRpcException
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
        : this("The job store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message, naming the store and the cause.</param>
    public StoreUnavailableException(string message)
        : base(TaskRpcErrorKind.Unavailable, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message, naming the store and the cause.</param>
    /// <param name="innerException">The cause.</param>
    public StoreUnavailableException(string message, Exception? innerException)
        : base(TaskRpcErrorKind.Unavailable, message, innerException)
    {
    }
}
