namespace TaskRpc.Server.Security;

/// <summary>
/// Client certificates (mTLS): <c>Auth:ClientCertificates:...</c>. On when <see cref="CaPath"/> is
/// set; needs TLS (<c>--certificate</c>). A certificate must chain to the CA; its tenant is the
/// subject's common name unless <see cref="Tenants"/> maps it.
/// </summary>
internal sealed class ClientCertificateOptions
{
    /// <summary>A PEM file with the CA certificate(s) that client certificates must chain to. Default none.</summary>
    public string? CaPath { get; set; }

    /// <summary>Tenant by subject common name (<c>Auth:ClientCertificates:Tenants:worker-1=acme</c>). Default none: the common name is the tenant.</summary>
    public Dictionary<string, string> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Comma-separated roles by subject common name (<c>Auth:ClientCertificates:Roles:ops=admin</c>). Default none.</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether client certificates are accepted.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(CaPath);
}
