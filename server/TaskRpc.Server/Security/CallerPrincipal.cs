using System.Security.Claims;

namespace TaskRpc.Server.Security;

/// <summary>Builds the principal of an authenticated caller: its name, tenant and roles.</summary>
internal static class CallerPrincipal
{
    public static ClaimsPrincipal Create(string scheme, string name, string tenant, string? roles)
    {
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(TaskRpcClaims.Tenant, tenant));
        foreach (var role in SplitRoles(roles))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    public static IEnumerable<string> SplitRoles(string? roles) =>
        (roles ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
