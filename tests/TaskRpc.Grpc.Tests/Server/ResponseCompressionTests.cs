using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>Per-message response compression, inspected in the raw response frames.</summary>
public sealed class ResponseCompressionTests
{
    private const int Size = 4096;

    [Theory]
    [InlineData("identity,deflate,gzip", true)]
    [InlineData("gzip", true)]
    [InlineData("identity", false)]
    [InlineData("identity,deflate", false)]
    [InlineData(null, false)]
    public async Task ResponseCompression_Gzip_CompressesOnlyWhenClientAcceptsIt(string? acceptEncoding, bool expectCompressed)
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall",
            (request, context) =>
            {
                context.ResponseCompression = "gzip";
                return TestMethods.Echo(request, context);
            }));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest { ResponseSize = Size }, request =>
        {
            if (acceptEncoding is not null)
            {
                request.Headers.Add("grpc-accept-encoding", acceptEncoding);
            }
        });

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        var frame = Assert.Single(response.Frames);
        Assert.Equal(expectCompressed ? 1 : 0, frame.Flag);
        Assert.Equal(expectCompressed ? "gzip" : null, response.GetHeader("grpc-encoding"));
        Assert.Equal(Size, ReadPayload(frame, "gzip").Length);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task ResponseCompressionAlgorithm_ServerOption_CompressesEveryMessage(string encoding)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindStreamingOutput, options => options.ResponseCompressionAlgorithm = encoding);
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.StreamingOutputCallPath, StreamingRequest(compressFirst: true), request => request.Headers.Add("grpc-accept-encoding", encoding));

        Assert.Equal(encoding, response.GetHeader("grpc-encoding"));
        Assert.Equal([1, 1], response.Frames.Select(frame => (int)frame.Flag));
        Assert.All(response.Frames, frame => Assert.Equal(Size, ReadPayload(frame, encoding).Length));
    }

    [Fact]
    public async Task WriteFlagsNoCompress_OneMessage_SendsThatMessageWithFlagZero()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindStreamingOutput, options => options.ResponseCompressionAlgorithm = "gzip");
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.StreamingOutputCallPath, StreamingRequest(compressFirst: false), request => request.Headers.Add("grpc-accept-encoding", "gzip"));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal("gzip", response.GetHeader("grpc-encoding"));
        Assert.Equal([0, 1], response.Frames.Select(frame => (int)frame.Flag));
        Assert.All(response.Frames, frame => Assert.Equal(Size, ReadPayload(frame, "gzip").Length));
    }

    [Fact]
    public async Task ResponseCompression_ThroughChannel_ClientDecompresses()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, options => options.ResponseCompressionAlgorithm = "gzip");
        using var channel = server.CreateChannel();

        var response = await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest { ResponseSize = Size });

        Assert.Equal(Size, response.Payload.Body.Length);
    }

    private static StreamingOutputCallRequest StreamingRequest(bool compressFirst)
    {
        var request = TestMethods.StreamingRequest(Size, Size);
        request.ResponseParameters[0].Compressed = new BoolValue { Value = compressFirst };
        return request;
    }

    private static byte[] ReadPayload(GrpcFrame frame, string encoding)
    {
        var bytes = frame.Flag == 1 ? GrpcFrames.Decompress(encoding, frame.Payload) : frame.Payload;
        return SimpleResponse.Parser.ParseFrom(bytes).Payload.Body.ToByteArray();
    }
}
