using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRpc.Engine;

namespace TaskRpc.Server.Security;

/// <summary>
/// Registers authentication (<see cref="AuthOptions"/>) on ASP.NET Core's own: a policy scheme
/// that hands each call to the API key, JWT bearer or client certificate handler by what it
/// carries, authorization that answers in gRPC statuses, and the per-call tenant scope and quotas.
/// </summary>
internal static class SecurityRegistration
{
    /// <summary>Registers the services and returns the options read, to check the listen address against.</summary>
    public static AuthOptions Register(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AuthOptions.Section);
        var auth = section.Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(section);
        services.TryAddSingleton<TenantGuard>();
        services.Configure<TenantQuotaOptions>(quotas =>
        {
            foreach (var (tenant, limits) in auth.Tenants)
            {
                if (limits.MaxQueuedJobs > 0 || limits.MaxRunningJobs > 0)
                {
                    quotas.Tenants[tenant] = new TenantQuota(limits.MaxQueuedJobs, limits.MaxRunningJobs);
                }
            }
        });
        if (!auth.Enabled)
        {
            return auth;
        }

        ApiKeyStore.Validate(auth);
        services.TryAddSingleton<ApiKeyStore>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        services.AddAuthorization();
        var authentication = services.AddAuthentication(TaskRpcClaims.Scheme)
            .AddPolicyScheme(TaskRpcClaims.Scheme, "API key, JWT bearer or client certificate", scheme => scheme.ForwardDefaultSelector = context => Select(context, auth))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(TaskRpcClaims.ApiKeyScheme, configureOptions: null);
        if (auth.Jwt.IsConfigured)
        {
            JwtSetup.Validate(auth.Jwt);
            authentication.AddJwtBearer(bearer => JwtSetup.Configure(bearer, auth.Jwt));
        }

        if (auth.ClientCertificates.IsConfigured)
        {
            _ = ClientCertificateSetup.LoadCa(auth.ClientCertificates);
            authentication.AddCertificate(certificate => ClientCertificateSetup.Configure(certificate, auth.ClientCertificates));
        }

        return auth;
    }

    /// <summary>
    /// The scheme for a call: an <c>x-api-key</c>, or a bearer value that is not shaped as a JWT
    /// (or when JWTs are off), goes to the API keys; a JWT-shaped bearer value to JWT validation; a
    /// call with neither but a client certificate to certificate validation.
    /// </summary>
    private static string Select(HttpContext context, AuthOptions auth)
    {
        var presented = CredentialReader.Read(context.Request, out var fromApiKeyHeader);
        if (presented is not null)
        {
            return !fromApiKeyHeader && auth.Jwt.IsConfigured && CredentialReader.LooksLikeJwt(presented)
                ? JwtBearerDefaults.AuthenticationScheme
                : TaskRpcClaims.ApiKeyScheme;
        }

        return auth.ClientCertificates.IsConfigured && context.Connection.ClientCertificate is not null
            ? CertificateAuthenticationDefaults.AuthenticationScheme
            : TaskRpcClaims.ApiKeyScheme;
    }
}
