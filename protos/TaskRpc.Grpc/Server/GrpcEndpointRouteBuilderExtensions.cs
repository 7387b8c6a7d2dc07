using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskRpc.Grpc.Server.Internal;

namespace TaskRpc.Grpc;

/// <summary>Maps the added gRPC services onto endpoints.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of every added <see cref="IGrpcService"/> to its POST path, and answers
    /// any other gRPC request with UNIMPLEMENTED.
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcServices(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = services.GetGrpcServerOptions();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TaskRpc.Grpc.Server");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services.GetServices<IGrpcService>())
        {
            if (!names.Add(service.Descriptor.FullName))
            {
                throw new InvalidOperationException($"Service {service.Descriptor.FullName} is added twice.");
            }

            var binder = new ServiceBinder(service.Descriptor, options, logger);
            service.Bind(binder);
            foreach (var (path, handler) in binder.Methods)
            {
                endpoints.MapPost(path, handler).WithDisplayName("gRPC " + path);
            }
        }

        endpoints.MapFallback("{**path}", new UnimplementedCallHandler(names, logger).HandleAsync).WithDisplayName("gRPC unimplemented");
        return endpoints;
    }
}
