namespace TaskRpc.Engine;

/// <summary>
/// Per-tenant quotas the engine enforces across its executors (the server fills them from
/// <c>Auth:Tenants</c>). A tenant without an entry has no limits of its own. Default: none.
/// </summary>
public sealed class TenantQuotaOptions
{
    /// <summary>The quotas by tenant name ("" is the jobs without a tenant).</summary>
    public Dictionary<string, TenantQuota> Tenants { get; } = new(StringComparer.Ordinal);
}
