using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>
/// gRPC over HttpClient (h2c, HTTP/2 prior knowledge) with the framing done by hand, for requests
/// no gRPC library sends: several messages or stray bytes in a unary call, hand-compressed frames.
/// </summary>
internal static class RawGrpc
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(1) };

    /// <summary>A length-prefixed message: flag byte, 4-byte big-endian length, the bytes (gzipped when <paramref name="gzip"/>).</summary>
    public static byte[] Frame(IMessage message, bool gzip = false)
    {
        var payload = message.ToByteArray();
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var stream = new GZipStream(compressed, CompressionLevel.Optimal))
            {
                stream.Write(payload);
            }

            payload = compressed.ToArray();
        }

        var frame = new byte[5 + payload.Length];
        frame[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>POSTs <paramref name="body"/> to <c>/<paramref name="method"/></c> and reads the whole answer.</summary>
    public static async Task<RawResponse> CallAsync(int port, string method, byte[] body, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/{method}"))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact, // h2c with prior knowledge
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var answer = await response.Content.ReadAsByteArrayAsync();
        // grpc-status is in the trailers, or in the headers of a trailers-only answer.
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var values) || response.Headers.TryGetValues(name, out values)
                ? values.First()
                : null;
        return new RawResponse(
            (int)response.StatusCode,
            Header("grpc-status") is { } status ? int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) : null,
            Header("grpc-message") is { } message ? Uri.UnescapeDataString(message) : null,
            Header("grpc-encoding"),
            answer);
    }
}
