using Microsoft.AspNetCore.Http;

namespace TaskRpc.Server.Security;

/// <summary>Reads the credential a call carries: <c>x-api-key: KEY</c> or <c>authorization: Bearer VALUE</c>.</summary>
internal static class CredentialReader
{
    public const string ApiKeyHeader = "x-api-key";
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
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>Whether a bearer value has a JWT's shape (three base64url parts), as opposed to an API key.</summary>
    public static bool LooksLikeJwt(string value) =>
        value.Length > 20 && value.AsSpan().Count('.') == 2 && value.StartsWith("eyJ", StringComparison.Ordinal);
}
