using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Grpc.Server.Internal;

/// <summary>Writes a call's response messages to the HTTP/2 response body, one flush each.</summary>
internal sealed class HttpContextStreamWriter<T>(HttpContext httpContext, ServerCallContext context) : IAsyncStreamWriter<T>
    where T : class, IMessage<T>
{
    public WriteOptions? WriteOptions
    {
        get => context.WriteOptions;
        set => context.WriteOptions = value;
    }

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        context.CancellationToken.ThrowIfCancellationRequested();
        context.WriteMessage(message);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : context.CancellationToken;
        await httpContext.Response.BodyWriter.FlushAsync(token).ConfigureAwait(false);
    }
}
