using TaskRpc.Contracts.V1;
using TaskRpc.Grpc;

namespace TaskRpc.Client.Internal;

/// <summary>
/// Makes the client's calls on one channel: custom metadata and a deadline on every unary call,
/// <see cref="RpcException"/> turned into <see cref="TaskRpcTransportException"/> (or into
/// <see cref="OperationCanceledException"/> when the caller's token stopped it).
/// </summary>
internal sealed class RpcCaller : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata? _headers;

    public RpcCaller(TaskRpcClientOptions options)
    {
        Options = options.Validate();
        _channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
        {
            HttpHandler = options.HttpHandler,
            SslOptions = options.SslOptions,
        });
        if (options.Headers.Count > 0)
        {
            _headers = [];
            foreach (var (key, value) in options.Headers)
            {
                _headers.Add(key, value);
            }
        }
    }

    public TaskRpcClientOptions Options { get; }

    /// <summary>One unary call; <paramref name="serverWait"/> is how long the server may hold it (a long poll), added to the deadline.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, TimeSpan serverWait, CancellationToken cancellationToken)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new()
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new()
    {
        var deadline = DateTime.UtcNow + serverWait + Options.DefaultCallTimeout;
        try
        {
            using var call = _channel.UnaryCall(method, request, new CallOptions(_headers, deadline, cancellationToken));
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{method.Name} was cancelled by the caller.", exception, cancellationToken);
        }
        catch (RpcException exception)
        {
            throw TaskRpcTransportException.From(exception, method.Name);
        }
    }

    /// <summary>An idempotent unary call, retried with backoff on transient failures up to <see cref="TaskRpcClientOptions.MaxRetries"/> times.</summary>
    public async Task<TResponse> CallWithRetryAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, TimeSpan serverWait, CancellationToken cancellationToken)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new()
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new()
    {
        for (var retry = 1; ; retry++)
        {
            try
            {
                return await CallAsync(method, request, serverWait, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskRpcTransportException exception) when (exception.IsTransient && retry <= Options.MaxRetries)
            {
                await Backoff.DelayAsync(retry, Options, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Opens a progress stream (no deadline: it lasts as long as the job).</summary>
    public AsyncServerStreamingCall<JobEvent> StreamProgress(StreamProgressRequest request, CancellationToken cancellationToken) =>
        _channel.ServerStreamingCall(TaskServiceMethods.StreamProgress, request, new CallOptions(_headers, null, cancellationToken));

    public void Dispose() => _channel.Dispose();
}
