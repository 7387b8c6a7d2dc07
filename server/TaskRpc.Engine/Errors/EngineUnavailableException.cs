namespace TaskRpc.Engine.Errors;

/// <summary>The engine is stopping and accepts no new work: UNAVAILABLE.</summary>
public sealed class EngineUnavailableException : TaskRpcException
{
    /// <summary>Creates the exception.</summary>
    public EngineUnavailableException()
        : this("The job engine is stopping and accepts no new jobs.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public EngineUnavailableException(string message)
        : base(TaskRpcErrorKind.Unavailable, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EngineUnavailableException(string message, Exception? innerException)
        : base(TaskRpcErrorKind.Unavailable, message, innerException)
    {
    }
}
