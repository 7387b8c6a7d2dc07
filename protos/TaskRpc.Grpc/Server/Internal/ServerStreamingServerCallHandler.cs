using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskRpc.Grpc.Server.Internal;

internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task InvokeAsync(HttpContext httpContext, ServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(httpContext, context).ConfigureAwait(false);
        await handler(request, new HttpContextStreamWriter<TResponse>(httpContext, context), context).ConfigureAwait(false);
    }
}
