using TaskRpc.Grpc.Client;

namespace TaskRpc.Grpc;

/// <summary>A server-streaming call in progress: read <see cref="ResponseStream"/> to its end.</summary>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IGrpcCall _call;

    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, IGrpcCall call)
    {
        ResponseStream = responseStream;
        _call = call;
    }

    /// <summary>The responses; <see cref="IAsyncStreamReader{T}.MoveNext"/> throws <see cref="RpcException"/> when the call fails.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The response headers (custom metadata); faults with <see cref="RpcException"/> when the call fails before any.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The call's status.</summary>
    /// <exception cref="InvalidOperationException">The call has not finished.</exception>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers (custom metadata sent with the status).</summary>
    /// <exception cref="InvalidOperationException">The call has not finished.</exception>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Cancels the call if it is still running (the stream is reset); no effect after it finished.</summary>
    public void Dispose() => _call.Dispose();
}
