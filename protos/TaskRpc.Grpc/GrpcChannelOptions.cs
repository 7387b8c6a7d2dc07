using System.IO.Compression;
using System.Net.Security;

namespace TaskRpc.Grpc;

/// <summary>Options for <see cref="GrpcChannel.ForAddress(Uri, GrpcChannelOptions?)"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>
    /// The handler that sends requests; default null, meaning the channel creates (and disposes)
    /// its own <see cref="SocketsHttpHandler"/>. A supplied handler is not disposed by the channel
    /// and must speak HTTP/2.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>The largest response message accepted, after decompression; default 4 MiB; null for no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest request message sent, before compression; default 4 MiB; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The compression of request messages: "gzip" or "deflate"; default null (identity, no
    /// compression). <see cref="WriteFlags.NoCompress"/> sends a single message uncompressed.
    /// </summary>
    public string? RequestCompression { get; set; }

    /// <summary>The level used when compressing request messages; default <see cref="CompressionLevel.Fastest"/>.</summary>
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>
    /// TLS settings for https addresses when the channel creates its own handler, e.g. a
    /// <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> that
    /// accepts a self-signed test certificate; default null (system validation). ALPN h2 is
    /// negotiated by the handler.
    /// </summary>
    public SslClientAuthenticationOptions? SslOptions { get; set; }

    /// <summary>
    /// The interval of HTTP/2 keep-alive pings while calls are active, when the channel creates
    /// its own handler; default 60 seconds; <see cref="Timeout.InfiniteTimeSpan"/> disables them.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for a keep-alive ping's acknowledgement before closing the connection; default 20 seconds.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
