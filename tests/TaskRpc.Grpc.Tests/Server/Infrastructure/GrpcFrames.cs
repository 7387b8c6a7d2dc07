using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>Builds and takes apart gRPC message frames by hand, independently of the code under test.</summary>
public static class GrpcFrames
{
    /// <summary>An uncompressed frame of <paramref name="message"/>.</summary>
    public static byte[] Frame(IMessage message) => Frame(0, message.ToByteArray());

    /// <summary>A frame with any flag byte and payload.</summary>
    public static byte[] Frame(byte flag, byte[] payload) => Frame(flag, payload, payload.Length);

    /// <summary>A frame whose header declares <paramref name="declaredLength"/>, whatever the payload's length.</summary>
    public static byte[] Frame(byte flag, byte[] payload, int declaredLength)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The frames of a response body; throws when the body does not split into whole frames.</summary>
    public static IReadOnlyList<GrpcFrame> Parse(byte[] body)
    {
        var frames = new List<GrpcFrame>();
        var offset = 0;
        while (offset < body.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(offset + 1));
            frames.Add(new GrpcFrame(body[offset], body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }

        return frames;
    }

    /// <summary>Compresses with gzip (GZipStream) or deflate (zlib format), as gRPC peers do.</summary>
    public static byte[] Compress(string encoding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip"
            ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)
            : new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Decompresses gzip or deflate (zlib format).</summary>
    public static byte[] Decompress(string encoding, byte[] data)
    {
        using var input = new MemoryStream(data);
        using Stream decompressor = encoding == "gzip"
            ? new GZipStream(input, CompressionMode.Decompress)
            : new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }
}
