using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;

namespace TaskRpc.Grpc.Internal;

/// <summary>
/// Length-prefixed gRPC messages: a compressed flag byte, a 4-byte big-endian length, then the
/// (possibly compressed) protobuf bytes. Used by both the server and the client.
/// </summary>
internal static class MessageFraming
{
    /// <summary>
    /// Reads the next message; null at a clean end of the stream. Limits apply to the message
    /// after decompression.
    /// </summary>
    /// <exception cref="RpcException">INTERNAL for malformed frames or protobuf,
    /// RESOURCE_EXHAUSTED for oversized messages.</exception>
    public static async ValueTask<T?> ReadMessageAsync<T>(
        PipeReader reader, MessageParser<T> parser, string? encoding, int maxSize, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>
    {
        var (message, _) = await ReadFrameAsync(reader, parser, encoding, maxSize, cancellationToken).ConfigureAwait(false);
        return message;
    }

    /// <summary>
    /// Like <see cref="ReadMessageAsync{T}"/>, and also tells whether the frame was compressed.
    /// </summary>
    public static async ValueTask<(T? Message, bool Compressed)> ReadFrameAsync<T>(
        PipeReader reader, MessageParser<T> parser, string? encoding, int maxSize, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            T? message;
            bool compressed;
            try
            {
                message = TryParse(ref buffer, parser, encoding, maxSize, out compressed);
            }
            catch
            {
                reader.AdvanceTo(result.Buffer.End);
                throw;
            }

            if (message is not null)
            {
                reader.AdvanceTo(buffer.Start);
                return (message, compressed);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.Length == 0 && !result.IsCanceled)
                {
                    return (null, false);
                }

                throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the stream ended inside a message frame."));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Writes one framed message to <paramref name="writer"/> (not flushed).</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the message exceeds <paramref name="maxSize"/>.</exception>
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message, string? compression, CompressionLevel level, int maxSize)
    {
        var size = message.CalculateSize();
        if (size > maxSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {maxSize} bytes)."));
        }

        if (compression is null)
        {
            var span = writer.GetSpan(GrpcProtocol.HeaderSize + size);
            span[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
            message.WriteTo(span.Slice(GrpcProtocol.HeaderSize, size));
            writer.Advance(GrpcProtocol.HeaderSize + size);
            return;
        }

        var plain = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            message.WriteTo(plain.AsSpan(0, size));
            var compressed = new ArrayBufferWriter<byte>(Math.Max(64, size / 2));
            MessageCompression.Compress(compression, plain.AsSpan(0, size), compressed, level);
            var header = writer.GetSpan(GrpcProtocol.HeaderSize);
            header[0] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)compressed.WrittenCount);
            writer.Advance(GrpcProtocol.HeaderSize);
            writer.Write(compressed.WrittenSpan);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    private static T? TryParse<T>(ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, string? encoding, int maxSize, out bool compressed)
        where T : class, IMessage<T>
    {
        compressed = false;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (flag > 1)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Invalid message frame: compressed flag {flag}."));
        }

        if (length > (uint)maxSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxSize} bytes)."));
        }

        if (buffer.Length < GrpcProtocol.HeaderSize + length)
        {
            return null;
        }

        compressed = flag == 1;
        var payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        if (flag == 0)
        {
            return Parse(parser, payload);
        }

        if (encoding is null || !MessageCompression.IsSupported(encoding))
        {
            throw new RpcException(new Status(StatusCode.Internal, "A message is marked compressed but the call has no supported grpc-encoding."));
        }

        var plain = MessageCompression.Decompress(encoding, payload, maxSize, ArrayPool<byte>.Shared);
        try
        {
            return Parse(parser, new ReadOnlySequence<byte>(plain.Array!, 0, plain.Count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain.Array!);
        }
    }

    private static T Parse<T>(MessageParser<T> parser, in ReadOnlySequence<byte> payload)
        where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize {typeof(T).Name}: {ex.Message}"));
        }
    }
}
