using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Server.Security;

/// <summary>
/// Answers a call with a gRPC status before it reaches a service (trailers-only: HTTP 200, the
/// status in the headers), for the authentication, authorization and rate-limit middleware, which
/// otherwise answer with HTTP 401/403/503 that clients can only report as "bad gRPC response".
/// </summary>
internal static class GrpcErrorResponse
{
    public const string StatusDetailsHeader = "grpc-status-details-bin";

    public static Task WriteAsync(HttpContext context, StatusCode code, string message, IMessage? detail = null)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        if (detail is not null)
        {
            var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(detail) } };
            response.Headers[StatusDetailsHeader] = Convert.ToBase64String(status.ToByteArray());
        }

        return response.CompleteAsync();
    }

    /// <summary>RESOURCE_EXHAUSTED with a <c>google.rpc.RetryInfo</c> in the status details, thrown from a service method.</summary>
    public static RpcException Exhausted(string message, TimeSpan retryAfter) => new Google.Rpc.Status
    {
        Code = (int)StatusCode.ResourceExhausted,
        Message = message,
        Details = { Any.Pack(RetryAfter(retryAfter)) },
    }.ToRpcException();

    /// <summary>A <c>google.rpc.RetryInfo</c> that asks the caller to wait <paramref name="delay"/>.</summary>
    public static RetryInfo RetryAfter(TimeSpan delay) => new() { RetryDelay = Duration.FromTimeSpan(delay) };

    /// <summary>grpc-message is percent-encoded UTF-8 (everything outside printable ASCII, and '%').</summary>
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return text.ToString();
    }
}
