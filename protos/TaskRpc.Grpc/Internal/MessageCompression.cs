using System.Buffers;
using System.IO.Compression;

namespace TaskRpc.Grpc.Internal;

/// <summary>
/// Per-message compression: gzip (GZipStream) and deflate (zlib format, ZLibStream), the two
/// encodings grpcio and grpc-js send.
/// </summary>
internal static class MessageCompression
{
    public const string Gzip = "gzip";
    public const string Deflate = "deflate";

    /// <summary>True for the encodings we can read and write (identity excluded).</summary>
    public static bool IsSupported(string encoding) =>
        encoding.Equals(Gzip, StringComparison.OrdinalIgnoreCase) || encoding.Equals(Deflate, StringComparison.OrdinalIgnoreCase);

    /// <summary>Compresses <paramref name="data"/> with <paramref name="encoding"/>.</summary>
    public static void Compress(string encoding, ReadOnlySpan<byte> data, ArrayBufferWriter<byte> output, CompressionLevel level)
    {
        using var target = new BufferWriterStream(output);
        using (var compressor = CreateStream(encoding, target, level))
        {
            compressor.Write(data);
        }
    }

    /// <summary>
    /// Decompresses <paramref name="data"/>; throws RESOURCE_EXHAUSTED when the result would
    /// exceed <paramref name="maxSize"/> bytes, INTERNAL when the data is not valid.
    /// </summary>
    public static ArraySegment<byte> Decompress(string encoding, in ReadOnlySequence<byte> data, int maxSize, ArrayPool<byte> pool)
    {
        using var source = new SequenceStream(data);
        using var decompressor = CreateStream(encoding, source);
        var buffer = pool.Rent(Math.Max(256, (int)Math.Min(data.Length * 4, maxSize + 1L)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxSize)
                    {
                        break;
                    }

                    var bigger = pool.Rent((int)Math.Min(buffer.Length * 2L, maxSize + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    pool.Return(buffer);
                    buffer = bigger;
                }

                var read = decompressor.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxSize)
                {
                    break;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            pool.Return(buffer);
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to decompress a {encoding} message: {ex.Message}"));
        }

        if (length > maxSize)
        {
            pool.Return(buffer);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message larger than max ({maxSize} bytes) after decompression."));
        }

        return new ArraySegment<byte>(buffer, 0, length);
    }

    private static Stream CreateStream(string encoding, Stream target, CompressionLevel level) =>
        encoding.Equals(Gzip, StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(target, level, leaveOpen: true)
            : new ZLibStream(target, level, leaveOpen: true);

    private static Stream CreateStream(string encoding, Stream source) =>
        encoding.Equals(Gzip, StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(source, CompressionMode.Decompress, leaveOpen: true)
            : new ZLibStream(source, CompressionMode.Decompress, leaveOpen: true);
}
