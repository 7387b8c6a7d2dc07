using Google.Protobuf;
using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

public sealed class MessageSizeLimitTests
{
    private const int Limit = 1024;

    [Fact]
    public async Task HandleAsync_RequestOverMaxReceiveMessageSize_ReturnsResourceExhausted()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, options => options.MaxReceiveMessageSize = Limit);
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest { Payload = TestMethods.Payload(2 * Limit) });

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Contains(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_RequestAtMaxReceiveMessageSize_IsServed()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, options => options.MaxReceiveMessageSize = Limit);
        using var client = server.CreateRawClient();
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[Limit - 6]) } };
        Assert.Equal(Limit, request.CalculateSize());

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, request);

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }

    [Fact]
    public async Task HandleAsync_SmallGzipFrameDecompressingBeyondLimit_ReturnsResourceExhausted()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, options => options.MaxReceiveMessageSize = Limit);
        using var client = server.CreateRawClient();
        var payload = GrpcFrames.Compress("gzip", new SimpleRequest { Payload = TestMethods.Payload(256 * 1024) }.ToByteArray());
        Assert.True(payload.Length < Limit, $"the compressed frame ({payload.Length} bytes) must be under the limit");

        var response = await client.SendRawAsync(
            TestMethods.UnaryCallPath, GrpcFrames.Frame(1, payload), request => request.Headers.Add("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Contains("decompression", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ResponseOverMaxSendMessageSize_ReturnsResourceExhausted()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, options => options.MaxSendMessageSize = Limit);
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest { ResponseSize = 2 * Limit });

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task ServerStreaming_SecondResponseOverMaxSendMessageSize_EndsWithResourceExhaustedAfterFirst()
    {
        await using var server = await TestGrpcServer.StartAsync(
            TestMethods.BindStreamingOutput,
            options => options.MaxSendMessageSize = Limit);
        using var channel = server.CreateChannel();

        using var call = channel.ServerStreamingCall(TestMethods.StreamingOutputCall, TestMethods.StreamingRequest(10, 2 * Limit));

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(10, call.ResponseStream.Current.Payload.Body.Length);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}
