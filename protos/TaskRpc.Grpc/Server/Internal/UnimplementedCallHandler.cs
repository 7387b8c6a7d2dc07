using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Server.Internal;

/// <summary>Answers calls to services or methods that are not bound: UNIMPLEMENTED.</summary>
internal sealed class UnimplementedCallHandler(IReadOnlySet<string> services, ILogger logger)
{
    public Task HandleAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var path = request.Path.Value ?? string.Empty;
        var slash = path.LastIndexOf('/');
        var detail = slash <= 0
            ? $"Path '{path}' is not a gRPC method."
            : services.Contains(path[1..slash])
                ? $"Method '{path[(slash + 1)..]}' of service '{path[1..slash]}' is not implemented."
                : $"Service '{path[1..slash]}' is not implemented.";
        GrpcRequestValidator.Reject(httpContext, logger, path, StatusCodes.Status200OK, new Status(StatusCode.Unimplemented, detail));
        return Task.CompletedTask;
    }
}
