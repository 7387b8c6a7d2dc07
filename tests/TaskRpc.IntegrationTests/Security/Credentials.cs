using System.Security.Claims;
using System.Text;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>Calls with credentials: the generated client with metadata on every call, and JWTs made for a test.</summary>
internal static class Credentials
{
    public const string SigningKey = "a-test-signing-key-of-at-least-32-bytes!";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "taskrpc";

    /// <summary>Options of one call with <paramref name="header"/> (name, value) and the usual deadline.</summary>
    public static CallOptions With(string name, string value) =>
        TaskRpcClient.Options().WithHeaders(new Metadata { { name, value } });

    public static CallOptions ApiKey(string key) => With("x-api-key", key);

    public static CallOptions Bearer(string value) => With("authorization", $"Bearer {value}");

    /// <summary>An HS256 token for <paramref name="tenant"/> signed with <paramref name="key"/>.</summary>
    public static string Jwt(string tenant, string? role = null, string key = SigningKey, string audience = Audience, DateTime? expires = null) =>
        Jwt(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256), tenant, role, audience, expires);

    public static string Jwt(SigningCredentials signing, string tenant, string? role = null, string audience = Audience, DateTime? expires = null)
    {
        var claims = new List<Claim> { new("sub", $"user-of-{tenant}"), new("tenant", tenant) };
        if (role is not null)
        {
            claims.Add(new Claim("role", role));
        }

        var exp = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = Issuer,
            Audience = audience,
            NotBefore = exp.AddMinutes(-20),
            IssuedAt = exp.AddMinutes(-20),
            Expires = exp,
            SigningCredentials = signing,
        });
    }
}
