using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>How a stream opened on an <see cref="Http2Connection"/> ended.</summary>
internal enum StreamEnd
{
    /// <summary>The server ended it with END_STREAM (a gRPC response's trailers).</summary>
    Completed,

    /// <summary>The server reset it (RST_STREAM).</summary>
    Reset,

    /// <summary>The server sent GOAWAY below it, or the connection closed.</summary>
    ConnectionClosed,
}

/// <summary>
/// A raw HTTP/2 (h2c, prior knowledge) client connection over a TcpClient, writing whatever frames
/// a test asks for (valid or not) and reading the server's: it acknowledges SETTINGS and PING and
/// tracks how each stream it opened ended. A write after the server closed the connection is ignored.
/// </summary>
internal sealed class Http2Connection : IAsyncDisposable
{
    public const byte Data = 0x0, Headers = 0x1, Priority = 0x2, RstStream = 0x3, Settings = 0x4, PushPromise = 0x5,
        Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8, Continuation = 0x9;

    public const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4;

    public static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    private const int MaxFrameSize = 16384;
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly string _authority;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<StreamEnd>> _streams = new();
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextStreamId = 1;

    private Http2Connection(TcpClient tcp, int port)
    {
        _tcp = tcp;
        _tcp.NoDelay = true;
        _stream = tcp.GetStream();
        _authority = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Completes with why the connection ended: a GOAWAY's error code, or the socket closing.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>The error code of the server's last GOAWAY, if it sent one.</summary>
    public int? GoAwayCode { get; private set; }

    /// <summary>
    /// Connects; with <paramref name="handshake"/> sends the preface, SETTINGS (empty unless
    /// <paramref name="settings"/> gives its payload) and a connection
    /// WINDOW_UPDATE large enough that the server never waits for window on this connection.
    /// </summary>
    public static async Task<Http2Connection> OpenAsync(int port, bool handshake = true, byte[]? settings = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var connection = new Http2Connection(tcp, port);
        connection._reader = Task.Run(connection.ReadLoopAsync);
        if (handshake)
        {
            await connection.WriteRawAsync(Preface);
            await connection.WriteFrameAsync(Settings, 0, 0, settings ?? ReadOnlyMemory<byte>.Empty);
            await connection.WriteWindowUpdateAsync(0, int.MaxValue - 65535);
        }

        return connection;
    }

    /// <summary>The request headers of a gRPC call to <paramref name="path"/>, plus <paramref name="extra"/>.</summary>
    public IEnumerable<(string, string)> RequestHeaders(string path, IEnumerable<(string, string)>? extra = null) =>
    [
        (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", _authority),
        ("content-type", "application/grpc"), ("te", "trailers"), ("grpc-timeout", "10S"),
        .. extra ?? [],
    ];

    /// <summary>The next client stream id (odd, increasing), tracked from now on.</summary>
    public int NextStream()
    {
        var id = Interlocked.Add(ref _nextStreamId, 2) - 2;
        Track(id);
        return id;
    }

    /// <summary>Tracks a stream id the test chose itself (even, reused, out of order).</summary>
    public Task<StreamEnd> Track(int streamId)
    {
        var stream = _streams.GetOrAdd(streamId, _ => new TaskCompletionSource<StreamEnd>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_closed.Task.IsCompleted)
        {
            stream.TrySetResult(StreamEnd.ConnectionClosed); // Close has set _closed before it went through the streams.
        }

        return stream.Task;
    }

    /// <summary>How the stream ended (it must have been opened with <see cref="NextStream"/> or <see cref="Track"/>).</summary>
    public Task<StreamEnd> Ended(int streamId) => _streams[streamId].Task;

    /// <summary>The HTTP status of the response on <paramref name="streamId"/>, once its headers came (0 when not read).</summary>
    public int Status(int streamId) => _statuses.GetValueOrDefault(streamId);

    /// <summary>Opens a stream with a header block (split into CONTINUATION frames when large).</summary>
    public async Task<int> StartRequestAsync(string path, IEnumerable<(string, string)>? extra = null, bool endStream = false)
    {
        var id = NextStream();
        await WriteHeadersAsync(id, Hpack.Encode(RequestHeaders(path, extra)), endStream);
        return id;
    }

    /// <summary>A whole unary call: headers, then <paramref name="body"/> with END_STREAM.</summary>
    public async Task<int> CallAsync(string path, byte[] body)
    {
        var id = await StartRequestAsync(path);
        await WriteFrameAsync(Data, EndStream, id, body);
        return id;
    }

    /// <summary>
    /// A header block as HEADERS and CONTINUATION frames, in one write: no other frame (such as
    /// the reader's SETTINGS or PING acknowledgement) may come between them.
    /// </summary>
    public Task WriteHeadersAsync(int streamId, byte[] block, bool endStream)
    {
        var first = Math.Min(block.Length, MaxFrameSize);
        var flags = (byte)((endStream ? EndStream : 0) | (first == block.Length ? EndHeaders : 0));
        var frames = new List<byte>(Frame(Headers, flags, streamId, block.AsSpan(0, first)));
        for (var offset = first; offset < block.Length; offset += MaxFrameSize)
        {
            var length = Math.Min(MaxFrameSize, block.Length - offset);
            frames.AddRange(Frame(Continuation, offset + length == block.Length ? EndHeaders : (byte)0, streamId, block.AsSpan(offset, length)));
        }

        return WriteRawAsync(frames.ToArray());
    }

    public Task WriteRstStreamAsync(int streamId, int errorCode) => WriteFrameAsync(RstStream, 0, streamId, BigEndian(errorCode));

    public Task WriteWindowUpdateAsync(int streamId, int increment) => WriteFrameAsync(WindowUpdate, 0, streamId, BigEndian(increment));

    /// <summary>Writes one frame.</summary>
    public Task WriteFrameAsync(byte type, byte flags, int streamId, ReadOnlyMemory<byte> payload) => WriteRawAsync(Frame(type, flags, streamId, payload.Span));

    /// <summary>One frame's bytes: 24-bit length, type, flags, 31-bit stream id, payload (to write many at once).</summary>
    public static byte[] Frame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    /// <summary>A 32-bit big-endian value (RST_STREAM and WINDOW_UPDATE payloads).</summary>
    public static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>Bytes as they are; ignored once the connection has closed.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_closed.Task.IsCompleted)
        {
            return;
        }

        await _writeLock.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close("write failed: " + e.Message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close("closed by the test");
        await _stop.CancelAsync();
        _tcp.Dispose();
        await _reader;
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var header = new byte[9];
        try
        {
            while (true)
            {
                await _stream.ReadExactlyAsync(header, _stop.Token);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var (type, flags) = (header[3], header[4]);
                var streamId = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue;
                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload, _stop.Token);
                await OnFrameAsync(type, flags, streamId, payload);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or EndOfStreamException or OperationCanceledException)
        {
            Close(GoAwayCode is { } code ? $"GOAWAY {code}" : "socket closed: " + e.GetType().Name);
        }
    }

    private async Task OnFrameAsync(byte type, byte flags, int streamId, byte[] payload)
    {
        switch (type)
        {
            case Settings when (flags & Ack) == 0:
                await WriteFrameAsync(Settings, Ack, 0, ReadOnlyMemory<byte>.Empty);
                break;
            case Ping when (flags & Ack) == 0 && payload.Length == 8:
                await WriteFrameAsync(Ping, Ack, 0, payload);
                break;
            case Headers or Data:
                if (type == Headers && payload.Length > 0)
                {
                    _statuses.TryAdd(streamId, ResponseStatus(payload, flags));
                }

                if ((flags & EndStream) != 0)
                {
                    End(streamId, StreamEnd.Completed);
                }

                break;
            case RstStream:
                End(streamId, StreamEnd.Reset);
                break;
            case GoAway when payload.Length >= 8:
                var lastStream = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
                GoAwayCode = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4));
                foreach (var (id, _) in _streams.Where(s => s.Key > lastStream))
                {
                    End(id, StreamEnd.ConnectionClosed);
                }

                break;
        }
    }

    /// <summary>
    /// :status, the first field of a response header block: Kestrel sends 200, 204, 206, 304, 400,
    /// 404 and 500 as indexed static-table entries (RFC 7541 appendix A, 8 to 14), others as a
    /// literal with the indexed name :status; 0 when neither.
    /// </summary>
    private static int ResponseStatus(byte[] payload, byte flags)
    {
        var offset = 0;
        if ((flags & 0x8) != 0)
        {
            offset++; // PADDED: pad length byte.
        }

        if ((flags & 0x20) != 0)
        {
            offset += 5; // PRIORITY: stream dependency and weight.
        }

        if (offset >= payload.Length)
        {
            return 0;
        }

        int[] indexed = [200, 204, 206, 304, 400, 404, 500];
        var first = payload[offset];
        if (first is >= 0x88 and <= 0x8E)
        {
            return indexed[first - 0x88];
        }

        var literal = first is 0x08 or 0x18 or 0x48 && offset + 5 <= payload.Length && payload[offset + 1] == 3;
        return literal && int.TryParse(payload.AsSpan(offset + 2, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : 0;
    }

    private void End(int streamId, StreamEnd how)
    {
        if (_streams.TryGetValue(streamId, out var stream))
        {
            stream.TrySetResult(how);
        }
    }

    private void Close(string why)
    {
        _closed.TrySetResult(why);
        foreach (var stream in _streams.Values)
        {
            stream.TrySetResult(StreamEnd.ConnectionClosed);
        }
    }
}
