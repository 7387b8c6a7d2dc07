namespace TaskRpc.Server.Security;

/// <summary>
/// Whose jobs a call may see and make: its caller's tenant, and whether it sees every tenant's
/// jobs (the <c>admin</c> role, or a server without authentication).
/// </summary>
/// <param name="Tenant">The tenant new jobs belong to; "" for none.</param>
/// <param name="SeesAll">Whether the caller sees every tenant's jobs.</param>
/// <param name="Limits">The tenant's allow-list and quotas, or null.</param>
internal readonly record struct CallerScope(string Tenant, bool SeesAll, TenantOptions? Limits)
{
    /// <summary>A server without authentication: no tenant, every job visible.</summary>
    public static CallerScope Open { get; } = new(string.Empty, true, null);

    /// <summary>Whether a job of <paramref name="jobTenant"/> is visible to the caller.</summary>
    public bool CanSee(string jobTenant) => SeesAll || string.Equals(jobTenant, Tenant, StringComparison.Ordinal);
}
