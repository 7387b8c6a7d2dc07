using System.Buffers;
using System.Net;

namespace TaskRpc.Grpc.Client;

/// <summary>
/// The body of a unary or server-streaming request: one framed message in a pooled buffer. The
/// buffer goes back to the pool when the content is disposed and no send is using it (the handler
/// may send content again when it retries a request on another connection).
/// </summary>
internal sealed class UnaryRequestContent : HttpContent
{
    private readonly Lock _lock = new();
    private readonly int _length;
    private byte[]? _buffer;
    private int _senders;
    private bool _disposed;

    public UnaryRequestContent(PooledBufferWriter frame)
    {
        _buffer = frame.Detach(out _length);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        byte[] buffer;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed || _buffer is null, this);
            buffer = _buffer;
            _senders++;
        }

        try
        {
            await stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(decrement: true);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        // No content-length: gRPC bodies are framed, and peers do not expect the header.
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _disposed = true;
            }

            Release(decrement: false);
        }

        base.Dispose(disposing);
    }

    private void Release(bool decrement)
    {
        byte[]? toReturn = null;
        lock (_lock)
        {
            if (decrement)
            {
                _senders--;
            }

            if (_disposed && _senders == 0)
            {
                toReturn = _buffer;
                _buffer = null;
            }
        }

        if (toReturn is not null)
        {
            ArrayPool<byte>.Shared.Return(toReturn);
        }
    }
}
