using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Server.Internal;

/// <summary>Reads a call's request messages from the HTTP/2 request body.</summary>
internal sealed class HttpContextStreamReader<T>(HttpContext httpContext, ServerCallContext context, MessageParser<T> parser)
    : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private static readonly TimeSpan AbortSignalBound = TimeSpan.FromSeconds(1);
    private T? _current;
    private bool _completed;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return false;
        }

        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken)
            : null;
        T? message;
        bool compressed;
        try
        {
            (message, compressed) = await MessageFraming.ReadFrameAsync(
                httpContext.Request.BodyReader, parser, context.RequestEncoding, context.Options.MaxReceiveMessageSize,
                linked?.Token ?? context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not RpcException && !cancellationToken.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // On RST_STREAM Kestrel faults the request body at once but fires RequestAborted from
            // the thread pool a moment later. Report the reset only after the call's token has
            // fired, so a handler that registered on it always sees its call cancelled.
            // (Bounded, in case the read failed without an abort.)
            await Task.Delay(AbortSignalBound, context.CancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        if (message is null)
        {
            _completed = true;
            _current = null;
            return false;
        }

        context.RequestMessageCompressed = compressed;
        _current = message;
        return true;
    }
}
