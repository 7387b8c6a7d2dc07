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

        var http = context.Request.Path.StartsWithSegments(CredentialReader.DashboardPath, StringComparison.Ordinal);
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
            await (http
                ? HttpErrorAsync(context, StatusCodes.Status401Unauthorized, message)
                : GrpcErrorResponse.WriteAsync(context, StatusCode.Unauthenticated, message)).ConfigureAwait(false);
            return;
        }

        const string Denied = "The caller may not call this method.";
        await (http
            ? HttpErrorAsync(context, StatusCodes.Status403Forbidden, Denied)
            : GrpcErrorResponse.WriteAsync(context, StatusCode.PermissionDenied, Denied)).ConfigureAwait(false);
    }

    /// <summary>The dashboard's HTTP endpoints answer in HTTP, as <c>{"error": message}</c>.</summary>
    private static Task HttpErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync("{\"error\":\"" + System.Text.Json.JsonEncodedText.Encode(message) + "\"}");
    }
}
