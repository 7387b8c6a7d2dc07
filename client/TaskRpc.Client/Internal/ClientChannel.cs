using System.Net.Security;
using Grpc.Net.Client;

namespace TaskRpc.Client.Internal;

/// <summary>
/// The HTTP/2 transport of a client: one <see cref="GrpcChannel"/> over a <see cref="SocketsHttpHandler"/>
/// that opens more connections when one is full, keeps idle connections, and sends keep-alive
/// pings while calls are in flight (a dead connection under a long poll or a progress stream is
/// noticed within <see cref="KeepAlivePingDelay"/> + <see cref="KeepAlivePingTimeout"/>).
/// </summary>
internal static class ClientChannel
{
    /// <summary>The largest message sent or received: 4 MiB, as the server's limit.</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>The interval of keep-alive pings while calls are active.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long a keep-alive ping may go unanswered before the connection is closed.</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>A channel for <paramref name="options"/>: on <see cref="TaskRpcClientOptions.HttpHandler"/> (not disposed with it) or on a handler of its own.</summary>
    public static GrpcChannel Create(TaskRpcClientOptions options)
    {
        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = options.HttpHandler ?? CreateHandler(options),
            DisposeHttpClient = options.HttpHandler is null,
        };
        Configure(channelOptions);
        return GrpcChannel.ForAddress(options.Address, channelOptions);
    }

    /// <summary>The channel settings every TaskRpc client uses, whoever creates the channel.</summary>
    public static void Configure(GrpcChannelOptions channelOptions)
    {
        channelOptions.MaxReceiveMessageSize = MaxMessageSize;
        channelOptions.MaxSendMessageSize = MaxMessageSize;
    }

    /// <summary>The handler a client creates when <see cref="TaskRpcClientOptions.HttpHandler"/> is null.</summary>
    public static SocketsHttpHandler CreateHandler(TaskRpcClientOptions options) => new()
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = KeepAlivePingDelay,
        KeepAlivePingTimeout = KeepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        SslOptions = options.SslOptions ?? new SslClientAuthenticationOptions(),
    };
}
