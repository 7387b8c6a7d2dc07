using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>
/// A bare HTTP/2 client on <see cref="SocketsHttpHandler"/> for requests our channel would never
/// send: odd content types, broken frames, a grpc-timeout it does not enforce. It uses one
/// connection and counts the connections it opens.
/// </summary>
public sealed class RawGrpcClient : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _address;
    private int _connections;

    /// <param name="address">The server's base address.</param>
    /// <param name="trusted">For https: the (self-signed) server certificate to accept.</param>
    public RawGrpcClient(Uri address, X509Certificate2? trusted = null)
    {
        _address = address;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            EnableMultipleHttp2Connections = false,
            ConnectCallback = ConnectAsync,
            SslOptions = trusted is null ? new SslClientAuthenticationOptions() : TestCertificate.TrustOnly(trusted),
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>How many connections the client has opened so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>A gRPC POST to <paramref name="path"/> with <paramref name="body"/> as the whole request body.</summary>
    public HttpRequestMessage CreateRequest(string path, byte[] body, string contentType = "application/grpc")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", contentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        return request;
    }

    /// <summary>Sends a request whose body is one framed <paramref name="message"/>, with optional extra headers.</summary>
    public Task<RawGrpcResponse> UnaryAsync(
        string path, IMessage message, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default) =>
        SendRawAsync(path, GrpcFrames.Frame(message), configure, cancellationToken);

    /// <summary>Sends <paramref name="body"/> as is, with optional extra headers.</summary>
    public Task<RawGrpcResponse> SendRawAsync(
        string path, byte[] body, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(path, body);
        configure?.Invoke(request);
        return SendAsync(request, cancellationToken);
    }

    /// <summary>Sends the request and reads the whole response, trailers included.</summary>
    public async Task<RawGrpcResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using (request)
        {
            using var response = await _invoker.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new RawGrpcResponse(response, body);
        }
    }

    public void Dispose() => _invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
