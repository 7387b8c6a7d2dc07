using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using TaskRpc.Server.Security;

namespace TaskRpc.Server.Dashboard;

/// <summary>
/// What a dashboard caller may see and do, decided in one place from <see cref="HttpContext.User"/>.
/// An unauthenticated caller (a server without authentication) sees every tenant and may act. An
/// authenticated caller sees its <c>tenant</c> claim's jobs only, or every tenant's with the
/// <c>admin</c> role; it may act (cancel, re-submit) with the <c>admin</c> or <c>operator</c> role.
/// </summary>
internal static class DashboardAccess
{
    /// <summary>The role that may act without seeing every tenant (admins may act too).</summary>
    public const string OperatorRole = "operator";

    /// <summary>The tenant the caller is limited to; null: every tenant.</summary>
    public static string? Scope(HttpContext context)
    {
        var user = context.User;
        if (!IsAuthenticated(user) || user.IsInRole(TaskRpcClaims.AdminRole))
        {
            return null;
        }

        return user.FindFirst(TaskRpcClaims.Tenant)?.Value ?? string.Empty;
    }

    /// <summary>Whether the caller may cancel and re-submit jobs (of its scope).</summary>
    public static bool MayAct(HttpContext context)
    {
        var user = context.User;
        return !IsAuthenticated(user) || user.IsInRole(TaskRpcClaims.AdminRole) || user.IsInRole(OperatorRole);
    }

    /// <summary>Whether a job of <paramref name="jobTenant"/> is visible in <paramref name="scope"/>.</summary>
    public static bool CanSee(string? scope, string jobTenant) =>
        scope is null || string.Equals(scope, jobTenant, StringComparison.Ordinal);

    private static bool IsAuthenticated(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}
