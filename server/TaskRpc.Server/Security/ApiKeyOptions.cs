namespace TaskRpc.Server.Security;

/// <summary>One API key: <c>Auth:ApiKeys:N:...</c>.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary>The key itself. Set this or <see cref="KeyHash"/>. Default none.</summary>
    public string? Key { get; set; }

    /// <summary>The key's SHA-256 digest in hex (64 characters), so the configuration need not hold the key. Default none.</summary>
    public string? KeyHash { get; set; }

    /// <summary>The tenant the key's callers belong to. Default "" (no tenant).</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>Comma-separated roles, e.g. <c>admin</c> (sees every tenant's jobs). Default none.</summary>
    public string? Roles { get; set; }
}
