using System.Collections.Concurrent;
using System.Net;

namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>
/// Records the response grpc-encoding and the compressed flag of every response message frame, by
/// watching the bytes the client reads, so the server_compressed_* cases can check what was
/// actually compressed on the wire.
/// </summary>
internal sealed class CompressionRecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<bool> _flags = new();

    public string? LastEncoding { get; private set; }

    /// <summary>The compressed flags seen since the last <see cref="Reset"/>, in order.</summary>
    public bool[] Flags => [.. _flags];

    public void Reset()
    {
        _flags.Clear();
        LastEncoding = null;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        LastEncoding = response.Headers.NonValidated.TryGetValues("grpc-encoding", out var values) ? values.ToString() : null;
        var original = response.Content;
        var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var recorded = new StreamContent(new FrameFlagStream(stream, _flags.Enqueue));
        foreach (var header in original.Headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                recorded.Headers.TryAddWithoutValidation(header.Key, value);
            }
        }

        response.Content = recorded;
        return response;
    }

    /// <summary>A read-through stream that parses gRPC frame headers as they pass.</summary>
    private sealed class FrameFlagStream(Stream inner, Action<bool> onFrame) : Stream
    {
        private long _remaining;
        private long _length;
        private int _headerBytes;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Observe(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Observe(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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

        private int Observe(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (_headerBytes == 0 && _remaining > 0)
                {
                    _remaining--;
                }
                else if (_headerBytes == 0)
                {
                    onFrame(b == 1);
                    _length = 0;
                    _headerBytes = 1;
                }
                else
                {
                    _length = (_length << 8) | b;
                    if (++_headerBytes == 5)
                    {
                        _headerBytes = 0;
                        _remaining = _length;
                    }
                }
            }

            return data.Length;
        }
    }
}
