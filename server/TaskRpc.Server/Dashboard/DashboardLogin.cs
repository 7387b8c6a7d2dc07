using Microsoft.AspNetCore.Http;
using TaskRpc.Server.Security;

namespace TaskRpc.Server.Dashboard;

/// <summary>
/// The dashboard's login: the page posts the API key or token the user typed, and gets it back as
/// an HttpOnly, SameSite=Strict cookie for <c>/dashboard</c> only (Secure over TLS), which the
/// authentication handlers read like the <c>authorization</c> header. Both need the
/// <c>X-TaskRpc-Dashboard</c> header, which a cross-site form cannot send.
/// </summary>
internal static class DashboardLogin
{
    public static async Task<IResult> LogIn(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.Headers.ContainsKey(DashboardApi.ActionHeader))
        {
            return Results.BadRequest();
        }

        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var key = form["key"].ToString().Trim();
        if (key.Length == 0)
        {
            return Results.BadRequest();
        }

        context.Response.Cookies.Append(CredentialReader.DashboardCookie, key, Options(context));
        return Results.NoContent();
    }

    public static IResult LogOut(HttpContext context)
    {
        if (!context.Request.Headers.ContainsKey(DashboardApi.ActionHeader))
        {
            return Results.BadRequest();
        }

        context.Response.Cookies.Delete(CredentialReader.DashboardCookie, Options(context));
        return Results.NoContent();
    }

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = CredentialReader.DashboardPath,
    };
}
