using Microsoft.AspNetCore.Http;

namespace TaskRpc.Server.Security;

/// <summary>
/// Reads the credential a call carries: <c>x-api-key: KEY</c> or <c>authorization: Bearer VALUE</c>;
/// on the dashboard's paths also its cookie (<see cref="DashboardCookie"/>), which a browser sends
/// with page navigations and event streams where it cannot add headers.
/// </summary>
internal static class CredentialReader
{
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>The dashboard's HttpOnly, SameSite=Strict cookie holding an API key or token, set by its login.</summary>
    public const string DashboardCookie = "taskrpc_dashboard";

    /// <summary>The path the dashboard cookie is sent for and read on.</summary>
    public const string DashboardPath = "/dashboard";
    private const string BearerPrefix = "Bearer ";

    /// <summary>The API key or bearer value, or null when the call carries neither.</summary>
    public static string? Read(HttpRequest request, out bool fromApiKeyHeader)
    {
        var apiKey = request.Headers[ApiKeyHeader];
        if (apiKey.Count > 0)
        {
            fromApiKeyHeader = true;
            return apiKey.ToString().Trim();
        }

        fromApiKeyHeader = false;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        return request.Path.StartsWithSegments(DashboardPath, StringComparison.Ordinal) && request.Cookies.TryGetValue(DashboardCookie, out var cookie)
            ? cookie
            : null;
    }

    /// <summary>Whether a bearer value has a JWT's shape (three base64url parts), as opposed to an API key.</summary>
    public static bool LooksLikeJwt(string value) =>
        value.Length > 20 && value.AsSpan().Count('.') == 2 && value.StartsWith("eyJ", StringComparison.Ordinal);
}
