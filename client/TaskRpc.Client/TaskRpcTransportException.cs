using Grpc.Core;

namespace TaskRpc.Client;

/// <summary>
/// A call to the TaskRpc server failed: the server could not be reached, the connection broke, or
/// the server refused the request (for example <see cref="StatusCode.NotFound"/> for an unknown
/// job id or task, <see cref="StatusCode.InvalidArgument"/> for bad args).
/// </summary>
public sealed class TaskRpcTransportException : Exception
{
    /// <summary>Creates an exception with status <see cref="StatusCode.Unknown"/>.</summary>
    public TaskRpcTransportException()
        : this("The call to the TaskRpc server failed.")
    {
    }

    /// <summary>Creates an exception with status <see cref="StatusCode.Unknown"/> and <paramref name="message"/>.</summary>
    public TaskRpcTransportException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates an exception with status <see cref="StatusCode.Unknown"/>, <paramref name="message"/> and an inner exception.</summary>
    public TaskRpcTransportException(string message, Exception? innerException)
        : this(StatusCode.Unknown, message, innerException)
    {
    }

    /// <summary>Creates an exception carrying a gRPC status code.</summary>
    /// <param name="statusCode">The status the call ended with.</param>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying <see cref="RpcException"/>, if any.</param>
    public TaskRpcTransportException(StatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The gRPC status code the call ended with.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>
    /// True when trying again later may succeed: <see cref="StatusCode.Unavailable"/> (server
    /// unreachable, connection lost) and <see cref="StatusCode.ResourceExhausted"/> (queue full).
    /// </summary>
    public bool IsTransient => IsTransientCode(StatusCode);

    internal static bool IsTransientCode(StatusCode code) => code is StatusCode.Unavailable or StatusCode.ResourceExhausted;

    internal static TaskRpcTransportException From(RpcException exception, string operation)
    {
        var code = StatusOf(exception);
        return new(code, $"{operation} failed with {code}: {exception.Status.Detail}", exception);
    }

    /// <summary>
    /// The call's status, except that a connection that could not be established (for example a
    /// TLS handshake that failed), which Grpc.Net.Client reports as INTERNAL, is UNAVAILABLE, as
    /// in the gRPC spec and the other gRPC implementations.
    /// </summary>
    private static StatusCode StatusOf(RpcException exception)
    {
        if (exception.StatusCode != StatusCode.Internal)
        {
            return exception.StatusCode;
        }

        for (var inner = exception.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError })
            {
                return StatusCode.Unavailable;
            }
        }

        return StatusCode.Internal;
    }
}
