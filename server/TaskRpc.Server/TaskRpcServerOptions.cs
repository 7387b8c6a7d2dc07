namespace TaskRpc.Server;

/// <summary>
/// Where and how the server listens, and its limits: configuration section <c>Server</c>, or the
/// command-line options <c>--host</c>, <c>--port</c>, <c>--certificate</c>, <c>--detailed-errors</c>.
/// The README's "Server limits" table lists the limits with their defaults.
/// </summary>
public sealed class TaskRpcServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Server";

    /// <summary>The address to listen on. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one. Default 50051.</summary>
    public int Port { get; set; } = 50051;

    /// <summary>
    /// The HTTP port beside the gRPC port, on the same <see cref="Host"/>: HTTP/1.1 (and HTTP/2 with
    /// TLS) for browsers and scrapers — <c>/healthz</c> and what the host maps with
    /// <see cref="TaskRpcEndpointRouteBuilderExtensions.MapTaskRpcHttp"/>. gRPC is not served there,
    /// nor these paths on the gRPC port. 0 picks a free one; -1 turns it off. Default 50052.
    /// </summary>
    public int HttpPort { get; set; } = 50052;

    /// <summary>A PFX certificate file: with it the server speaks HTTP/2 over TLS, without it h2c. Default none.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate file's password. Default none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Show exception types and messages of unexpected errors to clients. Default false.</summary>
    public bool DetailedErrors { get; set; }

    /// <summary>The largest message received or sent, in bytes (after decompression). Default 4 MiB.</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Compress every response with this encoding (<c>gzip</c> or <c>deflate</c>) when the client
    /// accepts it. Default none: a call's responses are compressed only when its request came
    /// compressed (with the same encoding, if the client accepts it).
    /// </summary>
    public string? ResponseCompression { get; set; }

    /// <summary>Concurrent HTTP/2 streams (calls) per connection; more wait in the client. Default 1000.</summary>
    public int MaxStreamsPerConnection { get; set; } = 1000;

    /// <summary>The largest total size of a request's headers (metadata), in bytes. Default 32 KiB.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>The most request headers (metadata entries) per call. Default 100.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The largest single request header field (name and value, decoded), in bytes. Default 16 KiB.</summary>
    public int MaxRequestHeaderFieldSize { get; set; } = 16 * 1024;

    /// <summary>The time a client has to send its request headers. Default 30 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The slowest request body (the request message of unary and server-streaming calls) the
    /// server waits for, in bytes per second after <see cref="RequestBodyGracePeriod"/>: a call whose
    /// request never completes is reset. Client and duplex streams are exempt (grpc-dotnet lifts
    /// the limit for them). 0 turns the limit off. Default 240 bytes/s.
    /// </summary>
    public double MinRequestBodyDataRate { get; set; } = 240;

    /// <summary>The time a request body may take before <see cref="MinRequestBodyDataRate"/> applies (at least 1 s). Default 5 s.</summary>
    public TimeSpan RequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a connection without calls stays open. Default 130 s.</summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>The server pings an HTTP/2 connection that was silent this long. Default 60 s.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection whose ping is not answered within this time is closed. Default 20 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
