using System.IO.Pipelines;
using Google.Protobuf;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Client;

/// <summary>
/// One client call: sends the HTTP/2 request, validates the response headers, reads response
/// messages and the final status. The first status recorded wins (server status, local deadline,
/// cancellation, disposal or a transport error); a non-OK status resets the HTTP/2 stream.
/// </summary>
internal sealed partial class GrpcCall<TRequest, TResponse> : IGrpcCall
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private static readonly Status CancelledStatus = new(StatusCode.Cancelled, "Call canceled by the client.");
    private static readonly Status DisposedStatus = new(StatusCode.Cancelled, "Call disposed by the client.");
    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline exceeded.");

    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _cancellationRegistration;
    private Timer? _deadlineTimer;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private PipeReader? _body;
    private string? _responseEncoding;
    private Task<bool> _headersTask = Task.FromResult(false);
    private int _messagesRead;
    private Status? _status;
    private Metadata? _trailers;
    private Exception? _cause;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        Channel = channel;
        _method = method;
        _options = options;
        RequestCompression = options.RequestCompression is null
            ? channel.RequestCompression
            : GrpcChannel.NormalizeCompression(options.RequestCompression, nameof(options));
    }

    public GrpcChannel Channel { get; }

    public string? RequestCompression { get; }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    /// <summary>Completes with true once a gRPC response with a body has arrived, false when the call ended without one.</summary>
    public Task<bool> HeadersTask => _headersTask;

    public CancellationToken CallToken => _cts.Token;

    /// <summary>Serializes the single request and sends it (unary and server-streaming).</summary>
    public void StartUnary(TRequest request)
    {
        var compression = WriteCompression(_options.WriteOptions);
        var frame = new PooledBufferWriter(request.CalculateSize() + GrpcProtocol.HeaderSize);
        try
        {
            MessageFraming.WriteMessage(frame, request, compression, Channel.CompressionLevel, Channel.MaxSendMessageSize);
        }
        catch (RpcException ex)
        {
            frame.Dispose();
            Finish(ex.Status);
            return;
        }

        Send(new UnaryRequestContent(frame));
    }

    /// <summary>Sends the request headers and returns the writer of the request stream.</summary>
    public ClientStreamWriter<TRequest, TResponse> StartStreaming()
    {
        var content = new StreamingRequestContent();
        var writer = new ClientStreamWriter<TRequest, TResponse>(this, content, _options.WriteOptions);
        Send(content);
        return writer;
    }

    /// <summary>The compression for a message written with <paramref name="writeOptions"/>.</summary>
    public string? WriteCompression(WriteOptions? writeOptions) =>
        writeOptions is not null && (writeOptions.Flags & WriteFlags.NoCompress) != 0 ? null : RequestCompression;

    /// <summary>The single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> GetResponseAsync()
    {
        var message = await ReadMessageAsync(singleResponse: true).ConfigureAwait(false);
        await ReadMessageAsync(singleResponse: true).ConfigureAwait(false);
        return message!;
    }

    /// <summary>The next response message; null at the end of an OK call.</summary>
    /// <exception cref="RpcException">The call ended with a non-OK status.</exception>
    public async ValueTask<TResponse?> ReadMessageAsync(bool singleResponse = false, CancellationToken cancellationToken = default)
    {
        if (!await _headersTask.ConfigureAwait(false))
        {
            return EndOfStream(singleResponse);
        }

        lock (_lock)
        {
            if (_status is not null)
            {
                return EndOfStream(singleResponse);
            }
        }

        var body = _body!;
        using (cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).Finish(CancelledStatus), this))
        {
            try
            {
                var message = await MessageFraming.ReadMessageAsync(
                    body, _method.ResponseParser, _responseEncoding, Channel.MaxReceiveMessageSize, _cts.Token).ConfigureAwait(false);
                if (message is not null)
                {
                    if (singleResponse && ++_messagesRead > 1)
                    {
                        Finish(new Status(StatusCode.Internal, "The server sent more than one response message to a call with a single response."));
                        return EndOfStream(singleResponse);
                    }

                    return message;
                }
            }
            catch (Exception ex)
            {
                Finish(ClientErrorMapping.FromException(ex), cause: ex is RpcException ? null : ex);
                await body.CompleteAsync().ConfigureAwait(false);
                return EndOfStream(singleResponse);
            }

            // The body ended: the status is in the trailers, now readable.
            await body.CompleteAsync().ConfigureAwait(false);
            var trailers = _response!.TrailingHeaders;
            var status = ResponseHeaderReader.TryReadStatus(trailers, out var received)
                ? received
                : new Status(StatusCode.Internal, "Bad gRPC response. No grpc-status found on response.");
            Finish(status, ResponseHeaderReader.ReadMetadata(trailers));
            return EndOfStream(singleResponse);
        }
    }

    public Status GetStatus()
    {
        lock (_lock)
        {
            return _status ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_lock)
        {
            return _status is null
                ? throw new InvalidOperationException("Unable to get the trailers because the call is not complete.")
                : _trailers!;
        }
    }

    /// <summary>Cancels the call with CANCELLED (no effect when it has finished).</summary>
    public void Cancel() => Finish(CancelledStatus);

    public void Dispose()
    {
        Finish(DisposedStatus);
    }

    /// <summary>Throws the call's outcome if it has finished: its RpcException, or InvalidOperationException after OK.</summary>
    public void ThrowIfFinished()
    {
        lock (_lock)
        {
            if (_status is not { } status)
            {
                return;
            }

            if (status.StatusCode == StatusCode.OK)
            {
                throw new InvalidOperationException("The call has already completed.");
            }
        }

        throw CreateException();
    }

    /// <summary>Records the final status (first one wins) and releases the call; returns the final status.</summary>
    public Status Finish(Status status, Metadata? trailers = null, Exception? cause = null)
    {
        HttpRequestMessage? request;
        HttpResponseMessage? response;
        lock (_lock)
        {
            if (_status is { } existing)
            {
                return existing;
            }

            _status = status;
            _trailers = trailers ?? new Metadata();
            _cause = cause;
            request = _request;
            response = _response;
        }

        _deadlineTimer?.Dispose();
        _cancellationRegistration.Unregister();
        if (status.StatusCode != StatusCode.OK)
        {
            // Cancels a pending send or read; disposing the response then resets the stream.
            _cts.Cancel();
            _headers.TrySetException(CreateException());
            _ = _headers.Task.Exception;
        }
        else
        {
            _headers.TrySetResult(new Metadata());
        }

        response?.Dispose();
        request?.Dispose();
        return status;
    }

    private TResponse? EndOfStream(bool singleResponse)
    {
        lock (_lock)
        {
            if (_status is { StatusCode: StatusCode.OK })
            {
                if (!singleResponse || _messagesRead > 0)
                {
                    return null;
                }

                // OK without the one response message the method promises.
                _status = new Status(StatusCode.Internal, "Failed to deserialize response message: the server sent no message.");
            }
        }

        throw CreateException();
    }

    private RpcException CreateException()
    {
        lock (_lock)
        {
            var status = _status!.Value;
            return _cause is null ? new RpcException(status, _trailers!) : new RpcException(status, _cause);
        }
    }
}
