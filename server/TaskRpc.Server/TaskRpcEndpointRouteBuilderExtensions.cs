using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using TaskRpc.Server.Services;

namespace TaskRpc.Server;

/// <summary>Maps the TaskRpc server's gRPC endpoints; register its services with <see cref="TaskRpcServerServiceCollectionExtensions.AddTaskRpcServer"/>.</summary>
public static class TaskRpcEndpointRouteBuilderExtensions
{
    /// <summary>Maps taskrpc.v1.TaskService, grpc.health.v1.Health and server reflection (v1 and v1alpha).</summary>
    /// <param name="endpoints">The host's endpoint routes (a <c>WebApplication</c>).</param>
    /// <returns>The endpoint routes.</returns>
    public static IEndpointRouteBuilder MapTaskRpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<TaskService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }

    /// <summary>
    /// Maps the HTTP port's endpoints — <c>/healthz</c> (the same health checks as grpc.health.v1:
    /// 200 "Healthy" or 503) — and returns their group, to which a host adds its own (dashboard,
    /// metrics). With <see cref="TaskRpcServer.Build"/> they answer only on
    /// <see cref="TaskRpcServerOptions.HttpPort"/>.
    /// </summary>
    /// <param name="endpoints">The host's endpoint routes (a <c>WebApplication</c>).</param>
    /// <returns>The group of HTTP-port endpoints.</returns>
    public static RouteGroupBuilder MapTaskRpcHttp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty);
        group.WithMetadata(HttpPortEndpoint.Instance);
        group.MapHealthChecks("/healthz");
        return group;
    }
}
