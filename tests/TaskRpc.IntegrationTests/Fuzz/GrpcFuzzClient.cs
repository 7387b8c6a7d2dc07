using System.Net;
using System.Net.Http.Headers;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>Sends <see cref="GrpcFuzzCase"/>s over h2c with HttpClient and reports how each call ended.</summary>
internal sealed class GrpcFuzzClient(int port) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Uri _address = new($"http://127.0.0.1:{port}");

    /// <summary>
    /// "grpc-status N" (trailers, or a trailers-only response), "http N" without a gRPC status, or
    /// "reset" when the server reset the stream or the connection. Throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="guard"/> fires: a hang.
    /// </summary>
    public async Task<string> SendAsync(GrpcFuzzCase fuzzCase, CancellationToken guard)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, fuzzCase.Path))
        {
            Content = new ByteArrayContent(fuzzCase.Body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in fuzzCase.Headers)
        {
            if (name == "content-type")
            {
                request.Content.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation("Content-Type", value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard);
            await response.Content.CopyToAsync(Stream.Null, guard);
            var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
                : response.Headers.TryGetValues("grpc-status", out var header) ? header.First()
                : null;
            return status is null ? $"http {(int)response.StatusCode}" : "grpc-status " + status;
        }
        catch (Exception e) when (!guard.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException)
        {
            return "reset";
        }
    }

    public void Dispose() => _http.Dispose();
}
