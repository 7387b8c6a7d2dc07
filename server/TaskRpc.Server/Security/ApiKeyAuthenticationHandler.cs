using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskRpc.Server.Security;

/// <summary>
/// Authenticates a call by its API key (<c>x-api-key</c> or <c>authorization: Bearer</c>): the
/// principal carries the key's tenant and roles. A call with no credential gets no result, so the
/// authorization step answers UNAUTHENTICATED saying what to send.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = CredentialReader.Read(Request, out var fromApiKeyHeader);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not { } entry)
        {
            return Task.FromResult(AuthenticateResult.Fail(fromApiKeyHeader ? "The API key is not valid." : "The bearer credential is not a valid API key or token."));
        }

        var principal = CallerPrincipal.Create(Scheme.Name, entry.Name, entry.Tenant, entry.Roles);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }
}
