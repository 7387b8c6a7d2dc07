namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>A domain exception that an ExceptionMapper turns into NOT_FOUND.</summary>
public sealed class JobNotFoundException : Exception
{
    public JobNotFoundException()
    {
    }

    public JobNotFoundException(string message)
        : base(message)
    {
    }

    public JobNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
