using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRpc.Server.Security;
using TaskRpc.Server.Dashboard;
using TaskRpc.Server.Services;
using TaskRpc.Server.Telemetry;

namespace TaskRpc.Server;

/// <summary>Maps the TaskRpc server's gRPC endpoints; register its services with <see cref="TaskRpcServerServiceCollectionExtensions.AddTaskRpcServer"/>.</summary>
public static class TaskRpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps taskrpc.v1.TaskService, grpc.health.v1.Health and server reflection (v1 and v1alpha,
    /// unless <see cref="TaskRpcServerOptions.Reflection"/> is off). With authentication configured,
    /// TaskService and reflection need credentials; health stays anonymous (for load balancers and
    /// orchestrators; it tells only whether the server serves).
    /// </summary>
    /// <param name="endpoints">The host's endpoint routes (a <c>WebApplication</c>).</param>
    /// <returns>The endpoint routes.</returns>
    public static IEndpointRouteBuilder MapTaskRpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var authenticated = endpoints.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled;

        // TaskService and everything it uses are singletons: its calls take them from the root
        // provider instead of opening a DI scope per call (a scope, its dictionary and its disposal).
        var root = endpoints.ServiceProvider;
        var taskService = endpoints.MapGrpcService<TaskService>();
        taskService.Add(endpoint =>
        {
            var handler = endpoint.RequestDelegate ?? throw new InvalidOperationException("A gRPC endpoint without a request delegate.");
            endpoint.RequestDelegate = context =>
            {
                context.RequestServices = root;
                return handler(context);
            };
        });
        endpoints.MapGrpcHealthChecksService().AllowAnonymous();
        if (authenticated)
        {
            taskService.RequireAuthorization();
        }

        if (endpoints.ServiceProvider.GetRequiredService<IOptions<TaskRpcServerOptions>>().Value.Reflection)
        {
            var reflection = endpoints.MapGrpcReflectionService();
            if (authenticated)
            {
                reflection.RequireAuthorization();
            }
        }

        return endpoints;
    }

    /// <summary>
    /// Maps the HTTP port's endpoints — <c>/healthz</c> (the same health checks as grpc.health.v1:
    /// 200 "Healthy" or 503), <c>/metrics</c> (Prometheus text, unless <c>Telemetry:Prometheus</c>
    /// is false) and <c>/dashboard</c> — and returns their group, to which a host adds its own.
    /// With <see cref="TaskRpcServer.Build"/> they answer only on
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
        TelemetryRegistration.MapMetrics(group);
        group.MapTaskRpcDashboard(endpoints.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled);
        return group;
    }
}
