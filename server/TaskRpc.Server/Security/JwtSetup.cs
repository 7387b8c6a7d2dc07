using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace TaskRpc.Server.Security;

/// <summary>Configures JWT bearer validation from <see cref="JwtOptions"/>.</summary>
internal static class JwtSetup
{
    /// <summary>The shortest HMAC key accepted, in bytes (HS256's own size).</summary>
    private const int MinimumSymmetricKeyBytes = 32;

    public static void Configure(JwtBearerOptions bearer, JwtOptions jwt)
    {
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = jwt.Issuer is not null,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = jwt.Audience is not null,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = Keys(jwt),
            ClockSkew = jwt.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = jwt.RoleClaim,
        };
        bearer.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // Only bearer values shaped as a JWT come here (see SecurityRegistration); take it as is.
                context.Token = CredentialReader.Read(context.Request, out _);
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(TaskRpcClaims.Tenant) is null)
                {
                    identity.AddClaim(new Claim(TaskRpcClaims.Tenant, identity.FindFirst(jwt.TenantClaim)?.Value ?? string.Empty));
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Why a token was refused, in words a caller can act on (IdentityModel's own messages hide the details).</summary>
    public static string Describe(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
        SecurityTokenInvalidAudienceException => "The token's audience is not accepted.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenNoExpirationException => "The token has no expiry (exp).",
        _ => "The token is not valid.",
    };

    public static void Validate(JwtOptions jwt) => _ = Keys(jwt);

    private static List<SecurityKey> Keys(JwtOptions jwt)
    {
        var keys = new List<SecurityKey>();
        if (!string.IsNullOrEmpty(jwt.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(jwt.SigningKey);
            if (bytes.Length < MinimumSymmetricKeyBytes)
            {
                throw new InvalidOperationException($"Auth:Jwt:SigningKey must be at least {MinimumSymmetricKeyBytes} bytes.");
            }

            keys.Add(new SymmetricSecurityKey(bytes));
        }

        if (!string.IsNullOrEmpty(jwt.PublicKeyPath))
        {
            keys.Add(PublicKey(File.ReadAllText(jwt.PublicKeyPath)));
        }

        return keys;
    }

    private static AsymmetricSecurityKey PublicKey(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception notRsa) when (notRsa is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa);
        }
        catch (Exception bad) when (bad is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException("Auth:Jwt:PublicKeyPath must be a PEM file with an RSA or ECDSA public key.", bad);
        }
    }
}
