namespace TaskRpc.Server.Security;

/// <summary>JWT bearer tokens: <c>Auth:Jwt:...</c>. On when a signing key is set.</summary>
internal sealed class JwtOptions
{
    /// <summary>The required <c>iss</c>. Default none: any issuer.</summary>
    public string? Issuer { get; set; }

    /// <summary>The required <c>aud</c>. Default none: any audience.</summary>
    public string? Audience { get; set; }

    /// <summary>An HMAC (HS256/384/512) key as text, at least 32 bytes in UTF-8. Default none.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A PEM file with an RSA or ECDSA public key (RS*/PS*/ES* tokens). Default none.</summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>The claim that names the caller's tenant. Default <c>tenant</c>.</summary>
    public string TenantClaim { get; set; } = TaskRpcClaims.Tenant;

    /// <summary>The claim that holds the caller's roles. Default <c>role</c>.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Allowed clock difference for <c>exp</c> and <c>nbf</c>. Default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether tokens are accepted.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(SigningKey) || !string.IsNullOrEmpty(PublicKeyPath);
}
