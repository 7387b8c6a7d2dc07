using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskRpc.Grpc.Server.Internal;

internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task InvokeAsync(HttpContext httpContext, ServerCallContext context)
    {
        var reader = new HttpContextStreamReader<TRequest>(httpContext, context, Method.RequestParser);
        var response = await handler(reader, context).ConfigureAwait(false);
        if (context.Status.StatusCode == StatusCode.OK && !context.DeadlineExceeded && !context.ClientCancelled)
        {
            context.WriteMessage(response);
        }
    }
}
