using System.Buffers.Binary;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>
/// Passes through whole gRPC length-prefixed messages, then, after <c>frames</c> of them, throws
/// an <see cref="IOException"/>: the connection was lost.
/// </summary>
internal sealed class FrameCuttingStream(Stream inner, int frames) : Stream
{
    private byte[] _buffer = [];
    private int _offset;
    private int _passed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset == _buffer.Length)
        {
            if (_passed == frames)
            {
                throw new IOException("Simulated connection loss in the middle of a progress stream.");
            }

            var header = new byte[5];
            if (await inner.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, cancellationToken) < 5)
            {
                return 0;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
            _buffer = new byte[5 + length];
            header.CopyTo(_buffer, 0);
            await inner.ReadExactlyAsync(_buffer.AsMemory(5), cancellationToken);
            _offset = 0;
            _passed++;
        }

        var count = Math.Min(buffer.Length, _buffer.Length - _offset);
        _buffer.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
