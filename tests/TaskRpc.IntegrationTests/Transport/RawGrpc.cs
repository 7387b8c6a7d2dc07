using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace TaskRpc.IntegrationTests.Transport;

/// <summary>
/// gRPC calls by hand over h2c (HttpClient, HTTP/2 prior knowledge), for requests no gRPC client
/// sends: extra messages, trailing bytes, a body that never ends, chosen compression flags.
/// </summary>
internal sealed class RawGrpc(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>One length-prefixed message: flag byte, big-endian length, bytes.</summary>
    public static byte[] Frame(IMessage message, string? gzipOrDeflate = null)
    {
        var bytes = message.ToByteArray();
        if (gzipOrDeflate is not null)
        {
            using var compressed = new MemoryStream();
            using (Stream compressor = gzipOrDeflate == "gzip" ? new GZipStream(compressed, CompressionLevel.Fastest) : new ZLibStream(compressed, CompressionLevel.Fastest))
            {
                compressor.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        var frame = new byte[5 + bytes.Length];
        frame[0] = gzipOrDeflate is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Posts <paramref name="content"/> to <paramref name="method"/> (e.g. <c>/taskrpc.v1.TaskService/Submit</c>) and reads the whole response.</summary>
    public async Task<RawResponse> CallAsync(string method, HttpContent content, IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, method))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
            : response.Headers.TryGetValues(name, out var header) ? header.First()
            : null;
        return new RawResponse(body, Header("grpc-status"), Header("grpc-message"), Header("grpc-encoding"), $"HTTP {(int)response.StatusCode} {response.Version}; headers: {response.Headers}; trailers: {response.TrailingHeaders}");
    }

    public void Dispose() => _http.Dispose();
}
