using System.Net;

namespace TaskRpc.Server.Security;

/// <summary>
/// Secure by default: a server without credentials listens on loopback only. A non-loopback
/// address without any <see cref="AuthOptions"/> refuses to start unless
/// <see cref="TaskRpcServerOptions.AllowInsecure"/>; client certificates need TLS.
/// </summary>
internal static class ListenGuard
{
    /// <summary>Throws when the server must not start as configured; returns whether it listens insecurely (to warn about).</summary>
    public static bool Check(AuthOptions auth, TaskRpcServerOptions server, IPAddress address, bool tls)
    {
        if (auth.ClientCertificates.IsConfigured && !tls)
        {
            throw new InvalidOperationException("Auth:ClientCertificates needs TLS: set --certificate (Server:CertificatePath).");
        }

        if (auth.Enabled || IPAddress.IsLoopback(address))
        {
            return false;
        }

        return server.AllowInsecure
            ? true
            : throw new InvalidOperationException(
                $"refusing to listen on {address} without authentication: configure Auth:ApiKeys, Auth:Jwt or Auth:ClientCertificates (README.md, \"Security\"), or pass --allow-insecure.");
    }
}
