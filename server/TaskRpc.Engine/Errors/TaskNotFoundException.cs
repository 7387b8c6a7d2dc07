namespace TaskRpc.Engine.Errors;

/// <summary>No task is registered under the name: NOT_FOUND.</summary>
public sealed class TaskNotFoundException : TaskRpcException
{
    /// <summary>Creates the exception.</summary>
    public TaskNotFoundException()
        : this(string.Empty)
    {
    }

    /// <summary>Creates the exception for a task name.</summary>
    /// <param name="taskName">The name that is not registered.</param>
    public TaskNotFoundException(string taskName)
        : base(TaskRpcErrorKind.NotFound, $"Task '{taskName}' is not registered.") => TaskName = taskName;

    /// <summary>Creates the exception for a task name with a cause.</summary>
    /// <param name="taskName">The name that is not registered.</param>
    /// <param name="innerException">The cause.</param>
    public TaskNotFoundException(string taskName, Exception? innerException)
        : base(TaskRpcErrorKind.NotFound, $"Task '{taskName}' is not registered.", innerException) => TaskName = taskName;

    /// <summary>The name that is not registered.</summary>
    public string TaskName { get; }
}
