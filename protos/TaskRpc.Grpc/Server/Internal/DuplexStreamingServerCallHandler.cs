using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskRpc.Grpc.Server.Internal;

internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override Task InvokeAsync(HttpContext httpContext, ServerCallContext context) =>
        handler(
            new HttpContextStreamReader<TRequest>(httpContext, context, Method.RequestParser),
            new HttpContextStreamWriter<TResponse>(httpContext, context),
            context);
}
