using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Testing;
using TaskRpc.Grpc.Internal;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Internal;

public sealed class MessageFramingTests
{
    private const int Limit = 1024;

    private static readonly SimpleRequest Sample = new() { ResponseSize = 42, Payload = TestMethods.Payload(20) };

    [Fact]
    public async Task ReadFrameAsync_FrameSplitAtEveryOffset_ReturnsMessage()
    {
        var frame = GrpcFrames.Frame(Sample);
        for (var cut = 1; cut < frame.Length; cut++)
        {
            var reader = PipeReader.Create(SegmentedSequence.Create(frame, 1, cut, cut + 1));

            var (message, compressed) = await MessageFraming.ReadFrameAsync(reader, SimpleRequest.Parser, null, Limit);

            Assert.Equal(Sample, message);
            Assert.False(compressed);
        }
    }

    [Fact]
    public async Task ReadFrameAsync_FrameArrivesInTwoWrites_WaitsForTheRest()
    {
        var frame = GrpcFrames.Frame(Sample);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(frame.AsMemory(0, 3));

        var read = MessageFraming.ReadFrameAsync(pipe.Reader, SimpleRequest.Parser, null, Limit).AsTask();
        await pipe.Writer.WriteAsync(frame.AsMemory(3));
        await pipe.Writer.CompleteAsync();

        Assert.Equal(Sample, (await read.WaitAsync(TestTimeouts.Signal)).Message);
    }

    [Fact]
    public async Task ReadMessageAsync_TwoFramesThenEnd_ReturnsBothThenNull()
    {
        var second = new SimpleRequest { ResponseSize = 7 };
        var reader = PipeReader.Create(new ReadOnlySequence<byte>([.. GrpcFrames.Frame(Sample), .. GrpcFrames.Frame(second)]));

        Assert.Equal(Sample, await MessageFraming.ReadMessageAsync(reader, SimpleRequest.Parser, null, Limit));
        Assert.Equal(second, await MessageFraming.ReadMessageAsync(reader, SimpleRequest.Parser, null, Limit));
        Assert.Null(await MessageFraming.ReadMessageAsync(reader, SimpleRequest.Parser, null, Limit));
    }

    [Fact]
    public async Task ReadFrameAsync_EmptyMessageFrame_ReturnsEmptyMessage()
    {
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(GrpcFrames.Frame(0, [])));

        Assert.Equal(new SimpleRequest(), await MessageFraming.ReadMessageAsync(reader, SimpleRequest.Parser, null, Limit));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    public async Task ReadFrameAsync_CompressedFlagWithoutSupportedEncoding_ThrowsInternal(string? encoding)
    {
        var frame = GrpcFrames.Frame(1, GrpcFrames.Compress("gzip", Sample.ToByteArray()));

        var error = await ReadFailureAsync(frame, encoding);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(255)]
    public async Task ReadFrameAsync_InvalidFlag_ThrowsInternal(byte flag)
    {
        var error = await ReadFailureAsync(GrpcFrames.Frame(flag, Sample.ToByteArray()), null);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains(flag.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 10, 1, 2 })]
    public async Task ReadFrameAsync_StreamEndsInsideFrame_ThrowsInternal(byte[] body)
    {
        var error = await ReadFailureAsync(body, null);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task ReadFrameAsync_UnparsableProtobuf_ThrowsInternalNamingType()
    {
        var error = await ReadFailureAsync(GrpcFrames.Frame(0, [0xFF, 0xFF, 0xFF]), null);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains(nameof(SimpleRequest), error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFrameAsync_DeclaredLengthOverLimit_ThrowsResourceExhaustedBeforePayloadArrives()
    {
        // Only the header: the limit is enforced on the declared length without buffering the payload.
        var error = await ReadFailureAsync(GrpcFrames.Frame(0, [], declaredLength: Limit + 1), null);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task ReadFrameAsync_DecompressionBomb_ThrowsResourceExhaustedAfterDecompression(string encoding)
    {
        var bomb = GrpcFrames.Compress(encoding, new SimpleRequest { Payload = TestMethods.Payload(64 * Limit) }.ToByteArray());
        Assert.True(bomb.Length < Limit);

        var error = await ReadFailureAsync(GrpcFrames.Frame(1, bomb), encoding);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("decompression", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task ReadFrameAsync_CorruptCompressedPayload_ThrowsInternal(string encoding)
    {
        var error = await ReadFailureAsync(GrpcFrames.Frame(1, [9, 8, 7, 6, 5, 4, 3, 2, 1]), encoding);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task WriteMessage_ThenReadFrameAsync_RoundTripsCompressed(string encoding)
    {
        var large = new SimpleRequest { Payload = TestMethods.Payload(Limit - 10) };
        var buffer = new ArrayBufferWriter<byte>();

        MessageFraming.WriteMessage(buffer, large, encoding, CompressionLevel.Fastest, Limit);
        var frame = buffer.WrittenSpan.ToArray();
        var (message, compressed) = await MessageFraming.ReadFrameAsync(
            PipeReader.Create(SegmentedSequence.Create(frame, 2, 9)), SimpleRequest.Parser, encoding, Limit);

        Assert.Equal(1, frame[0]);
        Assert.True(frame.Length < large.CalculateSize());
        Assert.Equal(large.ToByteArray(), GrpcFrames.Decompress(encoding, GrpcFrames.Parse(frame)[0].Payload));
        Assert.Equal(large, message);
        Assert.True(compressed);
    }

    [Fact]
    public void WriteMessage_Uncompressed_WritesFlagZeroAndBigEndianLength()
    {
        var buffer = new ArrayBufferWriter<byte>();

        MessageFraming.WriteMessage(buffer, Sample, null, CompressionLevel.Fastest, Limit);

        Assert.Equal(GrpcFrames.Frame(Sample), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteMessage_OverLimit_ThrowsResourceExhaustedAndWritesNothing()
    {
        var buffer = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<RpcException>(() => MessageFraming.WriteMessage(
            buffer, new SimpleRequest { Payload = TestMethods.Payload(Limit) }, "gzip", CompressionLevel.Fastest, Limit));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, buffer.WrittenCount);
    }

    private static async Task<RpcException> ReadFailureAsync(byte[] body, string? encoding) =>
        await Assert.ThrowsAsync<RpcException>(async () => await MessageFraming.ReadFrameAsync(
            PipeReader.Create(new ReadOnlySequence<byte>(body)), SimpleRequest.Parser, encoding, Limit));
}
