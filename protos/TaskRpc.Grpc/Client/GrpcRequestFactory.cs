using System.Net;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Client;

/// <summary>Builds the HTTP/2 request of a call.</summary>
internal static class GrpcRequestFactory
{
    public static HttpRequestMessage Create(
        GrpcChannel channel, string fullName, Metadata? metadata, string? compression, TimeSpan? timeout, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, channel.GetRequestUri(fullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        content.Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("user-agent", GrpcChannel.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.AcceptEncodingValue);
        if (compression is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, compression);
        }

        if (timeout is { } value)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(value));
        }

        if (metadata is not null)
        {
            for (var i = 0; i < metadata.Count; i++)
            {
                var entry = metadata[i];
                headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.ToHeaderValue(entry));
            }
        }

        return request;
    }
}
