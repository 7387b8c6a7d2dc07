namespace TaskRpc.Server;

/// <summary>
/// Where and how the server listens: configuration section <c>Server</c>, or the command-line
/// options <c>--host</c>, <c>--port</c>, <c>--certificate</c>.
/// </summary>
public sealed class TaskRpcServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Server";

    /// <summary>The address to listen on. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one. Default 50051.</summary>
    public int Port { get; set; } = 50051;

    /// <summary>A PFX certificate file: with it the server speaks HTTP/2 over TLS, without it h2c. Default none.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate file's password. Default none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Show exception types and messages of unexpected errors to clients. Default false.</summary>
    public bool DetailedErrors { get; set; }

    /// <summary>The largest message received or sent, in bytes. Default 4 MiB.</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;
}
