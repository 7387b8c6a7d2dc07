using System.Net;
using System.Net.Http;

namespace TaskRpc.Grpc.Client;

/// <summary>
/// Maps transport failures to gRPC statuses: HTTP status codes without grpc-status as in
/// grpc/grpc doc/http-grpc-status-mapping.md (the grpc-dotnet table), HTTP/2 RST_STREAM error
/// codes as in doc/PROTOCOL-HTTP2.md, connection failures to UNAVAILABLE.
/// </summary>
internal static class ClientErrorMapping
{
    public static StatusCode FromHttpStatus(HttpStatusCode code) => (int)code switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable, // REFUSED_STREAM
        0x8 => StatusCode.Cancelled, // CANCEL
        0xB => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };

    /// <summary>The status for an exception thrown by the handler, the response stream or the framing code.</summary>
    public static Status FromException(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            return rpc.Status;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpProtocolException protocol)
            {
                return new Status(
                    FromHttp2ErrorCode(protocol.ErrorCode),
                    $"The HTTP/2 stream was reset (error code {protocol.ErrorCode}): {protocol.Message}");
            }
        }

        return exception switch
        {
            HttpRequestException request => new Status(
                StatusCode.Unavailable, "Error starting gRPC call. " + Describe(request)),
            IOException io => new Status(StatusCode.Unavailable, "Error reading the response. " + Describe(io)),
            OperationCanceledException => new Status(StatusCode.Cancelled, "The call was canceled."),
            ObjectDisposedException => new Status(StatusCode.Cancelled, "The call was canceled: " + exception.Message),
            _ => new Status(StatusCode.Unknown, Describe(exception)),
        };
    }

    private static string Describe(Exception exception)
    {
        var text = exception.GetType().Name + ": " + exception.Message;
        return exception.InnerException is { } inner ? text + " " + Describe(inner) : text;
    }
}
