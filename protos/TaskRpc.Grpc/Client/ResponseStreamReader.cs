using Google.Protobuf;

namespace TaskRpc.Grpc.Client;

/// <summary>The response stream of a server- or duplex-streaming call.</summary>
internal sealed class ResponseStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first and check that it returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var message = await call.ReadMessageAsync(singleResponse: false, cancellationToken).ConfigureAwait(false);
        _current = message;
        return message is not null;
    }
}
