namespace TaskRpc.Engine.Errors;

/// <summary>A submission's args or settings do not fit its task: INVALID_ARGUMENT. The message says why.</summary>
public sealed class InvalidSubmissionException : TaskRpcException
{
    /// <summary>Creates the exception.</summary>
    public InvalidSubmissionException()
        : this("The submission is invalid.")
    {
    }

    /// <summary>Creates the exception with a message that says why.</summary>
    /// <param name="message">Why the submission is invalid.</param>
    public InvalidSubmissionException(string message)
        : base(TaskRpcErrorKind.InvalidArgument, message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    /// <param name="message">Why the submission is invalid.</param>
    /// <param name="innerException">The cause, e.g. a JSON exception.</param>
    public InvalidSubmissionException(string message, Exception? innerException)
        : base(TaskRpcErrorKind.InvalidArgument, message, innerException)
    {
    }
}
