using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.Http;
using System.Reflection;
using Google.Protobuf;
using TaskRpc.Grpc.Client;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc;

/// <summary>
/// A client connection to a gRPC server over HTTP/2: <c>http://</c> addresses use cleartext
/// HTTP/2 with prior knowledge (h2c), <c>https://</c> addresses TLS with ALPN h2. Thread-safe:
/// share one channel; concurrent calls are multiplexed over its connections.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _requestUris = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
        MaxSendMessageSize = options.MaxSendMessageSize ?? int.MaxValue;
        RequestCompression = NormalizeCompression(options.RequestCompression, nameof(options));
        CompressionLevel = options.CompressionLevel;
        Invoker = options.HttpHandler is { } handler
            ? new HttpMessageInvoker(handler, disposeHandler: false)
            : new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
    }

    /// <summary>The server address, e.g. <c>http://127.0.0.1:50051</c>.</summary>
    public Uri Address { get; }

    internal static string UserAgent { get; } = CreateUserAgent();

    internal HttpMessageInvoker Invoker { get; }

    internal int MaxReceiveMessageSize { get; }

    internal int MaxSendMessageSize { get; }

    internal string? RequestCompression { get; }

    internal CompressionLevel CompressionLevel { get; }

    /// <summary>Creates a channel for <paramref name="address"/> (http or https).</summary>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or an option is invalid.</exception>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return ForAddress(new Uri(address, UriKind.Absolute), options);
    }

    /// <summary>Creates a channel for <paramref name="address"/> (http or https).</summary>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or an option is invalid.</exception>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The address '{address}' must be an absolute http:// or https:// URI.", nameof(address));
        }

        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    /// <summary>Starts a unary call.</summary>
    /// <exception cref="ArgumentException">The method is not unary.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public AsyncUnaryCall<TResponse> UnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = CreateCall(method, MethodType.Unary, options);
        call.StartUnary(request);
        return new AsyncUnaryCall<TResponse>(call.GetResponseAsync(), call);
    }

    /// <summary>Starts a server-streaming call.</summary>
    /// <exception cref="ArgumentException">The method is not server-streaming.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public AsyncServerStreamingCall<TResponse> ServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = CreateCall(method, MethodType.ServerStreaming, options);
        call.StartUnary(request);
        return new AsyncServerStreamingCall<TResponse>(new ResponseStreamReader<TRequest, TResponse>(call), call);
    }

    /// <summary>Starts a client-streaming call; write requests, complete the stream, then await the response.</summary>
    /// <exception cref="ArgumentException">The method is not client-streaming.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var call = CreateCall(method, MethodType.ClientStreaming, options);
        var writer = call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(writer, call.GetResponseAsync(), call);
    }

    /// <summary>Starts a bidirectional streaming call; requests and responses flow independently (full duplex).</summary>
    /// <exception cref="ArgumentException">The method is not duplex-streaming.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var call = CreateCall(method, MethodType.DuplexStreaming, options);
        var writer = call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(writer, new ResponseStreamReader<TRequest, TResponse>(call), call);
    }

    /// <summary>Closes the channel's connections; calls in progress fail.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Invoker.Dispose();
    }

    internal Uri GetRequestUri(string fullName) =>
        _requestUris.GetOrAdd(fullName, static (name, baseAddress) => new Uri(baseAddress, name), Address);

    internal static string? NormalizeCompression(string? compression, string paramName)
    {
        if (compression is null || compression.Equals(GrpcProtocol.Identity, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!MessageCompression.IsSupported(compression))
        {
            throw new ArgumentException($"Unsupported request compression '{compression}': use gzip, deflate or identity.", paramName);
        }

        return compression.ToLowerInvariant();
    }

    private GrpcCall<TRequest, TResponse> CreateCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, MethodType type, CallOptions options)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Type != type)
        {
            throw new ArgumentException($"{method.FullName} is a {method.Type} method, not {type}.", nameof(method));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return new GrpcCall<TRequest, TResponse>(this, method, options);
    }

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options) => new()
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = options.KeepAlivePingDelay,
        KeepAlivePingTimeout = options.KeepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        SslOptions = options.SslOptions ?? new System.Net.Security.SslClientAuthenticationOptions(),
    };

    private static string CreateUserAgent()
    {
        var assembly = typeof(GrpcChannel).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return "taskrpc-dotnet/" + (plus >= 0 ? version[..plus] : version);
    }
}
