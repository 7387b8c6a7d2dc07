using System.Collections.Frozen;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TaskRpc.Server;

/// <summary>
/// Answers UNIMPLEMENTED to a gRPC call on the gRPC port that no endpoint matched, as
/// grpc-dotnet's own catch-all routes would ("Service is unimplemented." or "Method is
/// unimplemented.", trailers only). <see cref="TaskRpcServer.Build"/> turns those routes off
/// (<c>IgnoreUnknownServices</c>) and runs this after routing instead:
/// the routes' <c>{service}/{method}</c> patterns matched every call's path beside its own endpoint,
/// and routing filled their route values for every call (≈ 300 B and a constraint check per call,
/// docs/benchmarks.md), while this runs only for a call nothing matched.
/// </summary>
internal sealed class UnimplementedCalls
{
    private readonly FrozenSet<string> _services;

    private UnimplementedCalls(FrozenSet<string> services) => _services = services;

    /// <summary>The middleware: place it after routing.</summary>
    public static Func<HttpContext, RequestDelegate, Task> Middleware(IServiceProvider services)
    {
        UnimplementedCalls? known = null;
        return (context, next) =>
        {
            if (context.GetEndpoint() is not null || !IsGrpcCall(context.Request) || HttpPortEndpoint.IsHttpPort(context))
            {
                return next(context);
            }

            known ??= new UnimplementedCalls(KnownServices(services));
            known.Answer(context);
            return Task.CompletedTask;
        };
    }

    private void Answer(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var slash = path.IndexOf('/', 1);
        var service = slash > 1 ? path[1..slash] : string.Empty;
        var message = _services.Contains(service) ? "Method is unimplemented." : "Service is unimplemented.";
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = "12";
        response.Headers["grpc-message"] = message;
    }

    private static bool IsGrpcCall(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.ContentType is { } contentType
        && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private static FrozenSet<string> KnownServices(IServiceProvider services)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc)
            {
                names.Add(grpc.Method.ServiceName);
            }
        }

        return names.ToFrozenSet(StringComparer.Ordinal);
    }
}
