using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Server.Internal;

/// <summary>Checks that a request is a gRPC call we can serve, and answers it when it is not.</summary>
internal static class GrpcRequestValidator
{
    public static bool TryAccept(HttpContext httpContext, ILogger logger, string method, out string? encoding, out TimeSpan timeout)
    {
        encoding = null;
        timeout = Timeout.InfiniteTimeSpan;
        var request = httpContext.Request;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            Reject(httpContext, logger, method, StatusCodes.Status415UnsupportedMediaType,
                new Status(StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported."));
            return false;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            Reject(httpContext, logger, method, StatusCodes.Status426UpgradeRequired,
                new Status(StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported: gRPC needs HTTP/2."));
            return false;
        }

        var headers = request.Headers;
        // The typed grpc-* properties are direct field reads in Kestrel; the string indexer compares names.
        var requestEncoding = headers.GrpcEncoding.ToString();
        if (requestEncoding.Length > 0 && !requestEncoding.Equals(GrpcProtocol.Identity, StringComparison.OrdinalIgnoreCase))
        {
            if (!MessageCompression.IsSupported(requestEncoding))
            {
                httpContext.Response.Headers.GrpcAcceptEncoding = GrpcProtocol.AcceptEncodingValue;
                Reject(httpContext, logger, method, StatusCodes.Status200OK,
                    new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{requestEncoding}'. Supported encodings: {GrpcProtocol.AcceptEncodingValue}."));
                return false;
            }

            encoding = requestEncoding;
        }

        var timeoutHeader = headers.GrpcTimeout;
        if (timeoutHeader.Count > 0 && !GrpcTimeout.TryParse(timeoutHeader.ToString(), out timeout))
        {
            // A malformed timeout is ignored, as grpc-dotnet does: the call has no deadline.
            timeout = Timeout.InfiniteTimeSpan;
        }

        // The gRPC message size limit applies instead, after decompression; streams may idle.
        var features = httpContext.Features;
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBodySize)
        {
            maxBodySize.MaxRequestBodySize = null;
        }

        if (features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minDataRate)
        {
            minDataRate.MinDataRate = null;
        }

        return true;
    }

    /// <summary>Answers with a trailers-only response carrying <paramref name="status"/>.</summary>
    public static void Reject(HttpContext httpContext, ILogger logger, string method, int httpStatus, Status status)
    {
        ServerLog.CallRejected(logger, method, status);
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers.GrpcStatus = StatusCodeText.Get(status.StatusCode);
        response.Headers.GrpcMessage = PercentEncoding.Encode(status.Detail);
    }
}
