using Google.Protobuf;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Client;

/// <summary>
/// The request stream of a client- or duplex-streaming call: each message is framed into a pooled
/// buffer, written to the HTTP/2 request stream and flushed, so it is on the wire when the write
/// completes.
/// </summary>
internal sealed class ClientStreamWriter<TRequest, TResponse>(
    GrpcCall<TRequest, TResponse> call, StreamingRequestContent content, WriteOptions? writeOptions) : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private static readonly TimeSpan StatusWait = TimeSpan.FromSeconds(1);

    private int _writing;
    private volatile bool _completed;

    public WriteOptions? WriteOptions { get; set; } = writeOptions;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream has already been completed.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A write is already in progress: await each WriteAsync before the next.");
        }

        try
        {
            call.ThrowIfFinished();
            using var frame = new PooledBufferWriter(message.CalculateSize() + GrpcProtocol.HeaderSize);
            try
            {
                MessageFraming.WriteMessage(
                    frame, message, call.WriteCompression(WriteOptions), call.Channel.CompressionLevel, call.Channel.MaxSendMessageSize);
            }
            catch (RpcException ex)
            {
                call.Finish(ex.Status);
                throw;
            }

            // A cancelled write would leave a partial frame on the stream: it cancels the call.
            using var registration = cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(), call);
            try
            {
                var stream = await content.GetStreamAsync(call.CallToken).ConfigureAwait(false);
                await stream.WriteAsync(frame.WrittenMemory, call.CallToken).ConfigureAwait(false);
                await stream.FlushAsync(call.CallToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                throw await CreateWriteExceptionAsync(ex).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        if (Volatile.Read(ref _writing) == 1)
        {
            throw new InvalidOperationException("Can't complete the request stream while a write is in progress.");
        }

        _completed = true;
        content.Complete();
        return Task.CompletedTask;
    }

    private async Task<Exception> CreateWriteExceptionAsync(Exception writeError)
    {
        // The stream usually breaks because the server has ended the call: report its status
        // when it arrives promptly, else the transport error.
        if (!call.HeadersTask.IsCompleted)
        {
            try
            {
                await call.HeadersTask.WaitAsync(StatusWait).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fall through to the transport error.
            }
        }

        call.Finish(ClientErrorMapping.FromException(writeError), cause: writeError);
        try
        {
            call.ThrowIfFinished();
        }
        catch (RpcException ex)
        {
            return ex;
        }

        return new InvalidOperationException("Can't write the message because the call has completed.", writeError);
    }
}
