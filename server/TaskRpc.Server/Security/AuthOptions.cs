namespace TaskRpc.Server.Security;

/// <summary>
/// Who may call the server: configuration section <c>Auth</c>. With none of
/// <see cref="ApiKeys"/>, <see cref="Jwt"/> or <see cref="ClientCertificates"/> configured the
/// server is open (and listens on loopback only unless <c>--allow-insecure</c>); with any of them
/// every TaskService and reflection call needs credentials. README.md, "Security", lists the keys.
/// </summary>
internal sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>The API keys (<c>Auth:ApiKeys:0:Key</c>, ...). Default none.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>JWT bearer tokens (<c>Auth:Jwt:...</c>). Default off.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Client certificates over TLS (<c>Auth:ClientCertificates:...</c>). Default off.</summary>
    public ClientCertificateOptions ClientCertificates { get; set; } = new();

    /// <summary>Per-tenant allow-lists and quotas, by tenant name (<c>Auth:Tenants:acme:...</c>). Default none: no limits.</summary>
    public Dictionary<string, TenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether any kind of credential is configured.</summary>
    public bool Enabled => ApiKeys.Count > 0 || Jwt.IsConfigured || ClientCertificates.IsConfigured;
}
