namespace TaskRpc.Grpc;

/// <summary>
/// A call ended with a non-OK status. Thrown by client calls; thrown by a server handler to end
/// its call with that status and trailers.
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates an exception carrying <paramref name="status"/>.</summary>
    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    /// <summary>Creates an exception carrying <paramref name="status"/> and trailers.</summary>
    public RpcException(Status status, Metadata trailers)
        : base(FormatMessage(status))
    {
        Status = status;
        Trailers = trailers ?? throw new ArgumentNullException(nameof(trailers));
    }

    /// <summary>Creates an exception carrying <paramref name="status"/> with an inner exception.</summary>
    public RpcException(Status status, Exception? innerException)
        : base(FormatMessage(status), innerException)
    {
        Status = status;
        Trailers = new Metadata();
    }

    /// <summary>Creates an exception with status UNKNOWN (for serializers and analyzers).</summary>
    public RpcException()
        : this(new Status(StatusCode.Unknown, string.Empty))
    {
    }

    /// <summary>Creates an exception with status UNKNOWN and <paramref name="message"/> as detail.</summary>
    public RpcException(string message)
        : this(new Status(StatusCode.Unknown, message))
    {
    }

    /// <summary>Creates an exception with status UNKNOWN and <paramref name="message"/> as detail.</summary>
    public RpcException(string message, Exception innerException)
        : this(new Status(StatusCode.Unknown, message), innerException)
    {
    }

    /// <summary>The call's status.</summary>
    public Status Status { get; }

    /// <summary>The status code, for convenience.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>The trailers received with the status (client) or to send with it (server).</summary>
    public Metadata Trailers { get; }

    private static string FormatMessage(Status status) =>
        string.IsNullOrEmpty(status.Detail)
            ? $"Status(StatusCode=\"{status.StatusCode}\")"
            : $"Status(StatusCode=\"{status.StatusCode}\", Detail=\"{status.Detail}\")";
}
