using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Server.Services;

/// <summary>
/// Per-call response compression: a client that sends its request compressed (grpc-encoding gzip
/// or deflate) and lists that encoding in grpc-accept-encoding gets its responses compressed the
/// same way. grpc-dotnet compresses responses only with a server-wide
/// <c>ResponseCompressionAlgorithm</c> (see <see cref="TaskRpcServerOptions.ResponseCompression"/>).
/// </summary>
internal static class ResponseCompression
{
    /// <summary>The response header grpc-dotnet reads to compress one call's responses.</summary>
    private const string CallEncodingHeader = "grpc-internal-encoding-request";

    /// <summary>The headers that turn on compression for this call's responses, or null.</summary>
    public static Metadata? MirrorRequest(ServerCallContext context)
    {
        var headers = context.GetHttpContext().Request.Headers;
        var encoding = headers["grpc-encoding"].ToString();
        if (encoding.Length == 0 || encoding == "identity" || !IsSupported(encoding) || !Accepts(headers["grpc-accept-encoding"], encoding))
        {
            return null;
        }

        return new Metadata { { CallEncodingHeader, encoding } };
    }

    /// <summary>Turns on compression for this call's responses when <see cref="MirrorRequest"/> says so.</summary>
    public static Task MirrorAsync(ServerCallContext context) =>
        MirrorRequest(context) is { } headers ? context.WriteResponseHeadersAsync(headers) : Task.CompletedTask;

    public static bool IsSupported(string encoding) => encoding is "gzip" or "deflate";

    private static bool Accepts(Microsoft.Extensions.Primitives.StringValues accepted, string encoding)
    {
        foreach (var value in accepted)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(part, encoding, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
