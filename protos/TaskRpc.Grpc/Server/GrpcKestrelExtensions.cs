using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TaskRpc.Grpc;

/// <summary>Kestrel endpoints for gRPC.</summary>
public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Listens for gRPC on <paramref name="endpoint"/>: HTTP/2 over plaintext (h2c, prior
    /// knowledge) without a certificate, HTTP/2 over TLS (ALPN h2) with one. Also lifts the
    /// per-connection stream limit to <paramref name="maxStreamsPerConnection"/> (default 1000).
    /// </summary>
    public static KestrelServerOptions ListenGrpc(
        this KestrelServerOptions options, IPEndPoint endpoint, X509Certificate2? certificate = null, int maxStreamsPerConnection = 1000)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        options.Limits.Http2.MaxStreamsPerConnection = maxStreamsPerConnection;
        options.AddServerHeader = false;
        options.Listen(endpoint, listen =>
        {
            if (certificate is null)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
        });
        return options;
    }
}
