using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Server.Security;

/// <summary>
/// Answers a call that has no valid credentials with UNAUTHENTICATED (saying what was wrong or what
/// to send) and one whose caller may not call the method with PERMISSION_DENIED, as gRPC statuses.
/// Nothing about jobs is read before this point.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string MissingCredentials =
        "Missing credentials: send 'authorization: Bearer <API key or token>' or 'x-api-key: <API key>' metadata, or a client certificate.";

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (authorizeResult.Challenged)
        {
            // The authentication middleware keeps only successes; the handler's result is cached for the request.
            var failure = (await context.AuthenticateAsync(TaskRpcClaims.Scheme).ConfigureAwait(false)).Failure;
            var message = failure switch
            {
                null => MissingCredentials,
                AuthenticationFailureException => failure.Message,
                _ when failure.GetType().Namespace?.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal) == true => JwtSetup.Describe(failure),
                _ => failure.Message,
            };
            await GrpcErrorResponse.WriteAsync(context, StatusCode.Unauthenticated, message).ConfigureAwait(false);
            return;
        }

        await GrpcErrorResponse.WriteAsync(context, StatusCode.PermissionDenied, "The caller may not call this method.").ConfigureAwait(false);
    }
}
