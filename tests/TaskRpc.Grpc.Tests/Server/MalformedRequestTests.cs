using Google.Protobuf;
using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>Broken request bodies end the call with INTERNAL and leave the server and the connection usable.</summary>
public sealed class MalformedRequestTests
{
    public static TheoryData<string, byte[]> MalformedBodies => new()
    {
        { "compressed flag 7", GrpcFrames.Frame(7, new SimpleRequest { ResponseSize = 1 }.ToByteArray()) },
        { "body ends mid-frame", GrpcFrames.Frame(0, new byte[10], declaredLength: 100) },
        { "body ends inside the frame header", [0, 0, 0] },
        { "unparsable protobuf", GrpcFrames.Frame(0, [0xFF, 0xFF, 0xFF, 0xFF]) },
        { "empty body", [] },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task HandleAsync_MalformedBody_ReturnsInternalAndConnectionServesNextCall(string scenario, byte[] body)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var broken = await client.SendRawAsync(TestMethods.UnaryCallPath, body);
        var next = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest { ResponseSize = 2 });

        Assert.True(broken.GrpcStatus == StatusCode.Internal, $"{scenario}: got {broken.GrpcStatus}");
        Assert.False(string.IsNullOrWhiteSpace(broken.GrpcMessage), scenario);
        Assert.Empty(broken.Body);
        Assert.Equal(StatusCode.OK, next.GrpcStatus);
        Assert.Equal(2, SimpleResponse.Parser.ParseFrom(Assert.Single(next.Frames).Payload).Payload.Body.Length);
        Assert.Equal(1, client.ConnectionCount);
    }

    [Fact]
    public async Task HandleAsync_CompressedFlagWithoutEncoding_ReturnsInternal()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();
        var payload = GrpcFrames.Compress("gzip", new SimpleRequest().ToByteArray());

        var response = await client.SendRawAsync(TestMethods.UnaryCallPath, GrpcFrames.Frame(1, payload));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("grpc-encoding", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_InvalidGzipPayload_ReturnsInternal()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var response = await client.SendRawAsync(
            TestMethods.UnaryCallPath, GrpcFrames.Frame(1, [1, 2, 3, 4, 5, 6, 7, 8]), request => request.Headers.Add("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("decompress", response.GrpcMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task HandleAsync_CompressedRequest_IsDecompressed(string encoding)
    {
        var compressed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(
            TestMethods.BindEchoCapturing(compressed, context => context.RequestMessageCompressed));
        using var client = server.CreateRawClient();
        var payload = GrpcFrames.Compress(encoding, new SimpleRequest { ResponseSize = 7 }.ToByteArray());

        var response = await client.SendRawAsync(
            TestMethods.UnaryCallPath, GrpcFrames.Frame(1, payload), request => request.Headers.Add("grpc-encoding", encoding));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal(7, SimpleResponse.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Payload.Body.Length);
        Assert.True(await compressed.Task.WaitAsync(TestTimeouts.Signal));
    }
}
