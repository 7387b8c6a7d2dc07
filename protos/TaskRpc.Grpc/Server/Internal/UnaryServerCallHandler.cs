using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskRpc.Grpc.Server.Internal;

internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task InvokeAsync(HttpContext httpContext, ServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(httpContext, context).ConfigureAwait(false);
        var response = await handler(request, context).ConfigureAwait(false);
        if (context.Status.StatusCode == StatusCode.OK && !context.DeadlineExceeded && !context.ClientCancelled)
        {
            // Not flushed: Kestrel sends headers, the message and the trailers together.
            context.WriteMessage(response);
        }
    }
}
