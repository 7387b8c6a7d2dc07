using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Server;

/// <summary>
/// Keeps the two ports apart: endpoints marked with this metadata (the groups of
/// <see cref="TaskRpcEndpointRouteBuilderExtensions.MapTaskRpcHttp"/>) answer only on the HTTP port,
/// every other endpoint (gRPC) only on the gRPC port; a request on the wrong port gets 404.
/// </summary>
internal sealed class HttpPortEndpoint
{
    /// <summary>The connection item Kestrel's HTTP listener sets on its connections.</summary>
    public const string ConnectionItem = "TaskRpc.HttpPort";

    public static HttpPortEndpoint Instance { get; } = new();

    private HttpPortEndpoint()
    {
    }

    /// <summary>Answers 404 to a request that reached an endpoint through the other port.</summary>
    public static Task Gate(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is not null && (endpoint.Metadata.GetMetadata<HttpPortEndpoint>() is not null) != IsHttpPort(context))
        {
            context.SetEndpoint(null);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>Whether the request came in on the HTTP port (its connection carries <see cref="ConnectionItem"/>).</summary>
    public static bool IsHttpPort(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionItem) == true;
}
