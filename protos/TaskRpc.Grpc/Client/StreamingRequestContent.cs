using System.Net;

namespace TaskRpc.Grpc.Client;

/// <summary>
/// The body of a client- or duplex-streaming request. The handler calls
/// <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/> once the
/// HTTP/2 stream is open; it hands the request stream to the writer and stays pending until the
/// writer completes (END_STREAM) or the call is aborted (RST_STREAM). Nothing is buffered.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request stream, once the handler has opened it.</summary>
    public Task<Stream> GetStreamAsync(CancellationToken cancellationToken = default) =>
        _stream.Task.WaitAsync(cancellationToken);

    /// <summary>Ends the request body normally (half-close).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Ends the request body abnormally: the handler resets the stream.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _completed.TrySetCanceled();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Flushing an empty write sends the request HEADERS now rather than with the first message.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!_stream.TrySetResult(stream))
        {
            throw new InvalidOperationException("A streaming request body cannot be sent twice or after the call ended.");
        }

        using var registration = cancellationToken.UnsafeRegister(
            static state => ((TaskCompletionSource)state!).TrySetCanceled(), _completed);
        await _completed.Task.ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Abort();
        }

        base.Dispose(disposing);
    }
}
