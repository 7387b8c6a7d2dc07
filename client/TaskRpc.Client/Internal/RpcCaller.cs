using Grpc.Core;
using Grpc.Net.Client;
using TaskRpc.Contracts.V1;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Client.Internal;

/// <summary>
/// Makes the client's calls through the generated <see cref="TaskServiceClient"/>: custom
/// metadata and a deadline on every unary call, <see cref="RpcException"/> turned into
/// <see cref="TaskRpcTransportException"/> (or into <see cref="OperationCanceledException"/>
/// when the caller's token stopped it).
/// </summary>
internal sealed class RpcCaller : IDisposable
{
    private readonly GrpcChannel? _ownedChannel;
    private readonly TaskServiceClient _client;
    private readonly Metadata? _headers;

    /// <summary>A caller on a channel of its own, closed by <see cref="Dispose"/>.</summary>
    public RpcCaller(TaskRpcClientOptions options)
        : this(options.Validate(), ClientChannel.Create(options))
    {
    }

    /// <summary>A caller on <paramref name="client"/>, whose channel someone else owns (the gRPC client factory).</summary>
    public RpcCaller(TaskRpcClientOptions options, TaskServiceClient client)
        : this(options.Validate(), client, null)
    {
    }

    private RpcCaller(TaskRpcClientOptions options, GrpcChannel channel)
        : this(options, new TaskServiceClient(channel), channel)
    {
    }

    private RpcCaller(TaskRpcClientOptions options, TaskServiceClient client, GrpcChannel? ownedChannel)
    {
        Options = options;
        _client = client;
        _ownedChannel = ownedChannel;
        foreach (var (key, value) in options.CallHeaders())
        {
            (_headers ??= []).Add(key, value);
        }
    }

    public TaskRpcClientOptions Options { get; }

    /// <summary>One unary call; <paramref name="serverWait"/> is how long the server may hold it (a long poll), added to the deadline.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        RpcMethod<TRequest, TResponse> method, TRequest request, TimeSpan serverWait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + serverWait + Options.DefaultCallTimeout;
        try
        {
            using var call = method.Start(_client, request, new CallOptions(_headers, deadline, cancellationToken));
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
        RpcMethod<TRequest, TResponse> method, TRequest request, TimeSpan serverWait, CancellationToken cancellationToken)
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
        _client.StreamProgress(request, new CallOptions(_headers, null, cancellationToken));

    /// <summary>Closes the channel if this caller created it.</summary>
    public void Dispose() => _ownedChannel?.Dispose();
}
