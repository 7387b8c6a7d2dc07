using System.Net;
using System.Net.Http.Headers;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>A fully read HTTP/2 response: status line, headers, body bytes and trailers.</summary>
public sealed class RawGrpcResponse
{
    public RawGrpcResponse(HttpResponseMessage response, byte[] body)
    {
        HttpStatus = response.StatusCode;
        Version = response.Version;
        Headers = response.Headers;
        ContentType = response.Content.Headers.ContentType?.ToString();
        Trailers = response.TrailingHeaders;
        Body = body;
    }

    public HttpStatusCode HttpStatus { get; }

    public Version Version { get; }

    public HttpResponseHeaders Headers { get; }

    public string? ContentType { get; }

    public HttpResponseHeaders Trailers { get; }

    public byte[] Body { get; }

    /// <summary>True when grpc-status came in the response headers (a trailers-only response).</summary>
    public bool IsTrailersOnly => Headers.Contains(GrpcProtocol.StatusHeader);

    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public StatusCode? GrpcStatus =>
        Get(GrpcProtocol.StatusHeader) is { } text ? (StatusCode)int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>grpc-message, percent-decoded; null when absent.</summary>
    public string? GrpcMessage => Get(GrpcProtocol.MessageHeader) is { } text ? PercentEncoding.Decode(text) : null;

    /// <summary>The response messages as framed on the wire.</summary>
    public IReadOnlyList<GrpcFrame> Frames => GrpcFrames.Parse(Body);

    /// <summary>A header or trailer value (trailers first), comma-joined; null when absent.</summary>
    public string? Get(string name) =>
        Trailers.TryGetValues(name, out var trailers) ? string.Join(",", trailers)
        : Headers.TryGetValues(name, out var headers) ? string.Join(",", headers)
        : null;

    /// <summary>A response header value (not a trailer), comma-joined; null when absent.</summary>
    public string? GetHeader(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
