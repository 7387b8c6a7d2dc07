namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>What demo.fail throws.</summary>
public sealed class DemoTaskException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DemoTaskException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DemoTaskException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DemoTaskException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
