using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace TaskRpc.IntegrationTests.Transport;

/// <summary>A hand-made call's response: body bytes, status, message and the response's grpc-encoding.</summary>
internal sealed record RawResponse(byte[] Body, string? GrpcStatus, string? GrpcMessage, string? GrpcEncoding, string Description)
{
    /// <summary>Whether the first message's compressed flag is set.</summary>
    public bool FirstMessageCompressed => Body.Length >= 5 && Body[0] == 1;

    /// <summary>The first response message, decompressed with <see cref="GrpcEncoding"/> when flagged.</summary>
    public T FirstMessage<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        Assert.True(Body.Length >= 5, $"No response message (grpc-status {GrpcStatus}: {GrpcMessage}).");
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(1));
        var bytes = Body.AsSpan(5, length).ToArray();
        if (FirstMessageCompressed)
        {
            using var input = new MemoryStream(bytes);
            using Stream decompressor = GrpcEncoding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            decompressor.CopyTo(output);
            bytes = output.ToArray();
        }

        return parser.ParseFrom(bytes);
    }
}
