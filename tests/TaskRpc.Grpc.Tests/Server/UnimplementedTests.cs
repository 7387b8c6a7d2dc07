using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

public sealed class UnimplementedTests
{
    [Fact]
    public async Task HandleAsync_UnknownServiceAndUnboundMethod_ReturnUnimplementedWithDistinctMessages()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var unknownService = await client.UnaryAsync("/no.such.Service/UnaryCall", new SimpleRequest());
        var unboundMethod = await client.UnaryAsync("/grpc.testing.TestService/EmptyCall", new Empty());
        var unknownMethod = await client.UnaryAsync("/grpc.testing.TestService/NoSuchMethod", new Empty());

        Assert.Equal(StatusCode.Unimplemented, unknownService.GrpcStatus);
        Assert.Equal(StatusCode.Unimplemented, unboundMethod.GrpcStatus);
        Assert.Equal(StatusCode.Unimplemented, unknownMethod.GrpcStatus);
        Assert.Contains("no.such.Service", unknownService.GrpcMessage, StringComparison.Ordinal);
        Assert.Contains("EmptyCall", unboundMethod.GrpcMessage, StringComparison.Ordinal);
        Assert.Contains("NoSuchMethod", unknownMethod.GrpcMessage, StringComparison.Ordinal);
        Assert.NotEqual(unknownService.GrpcMessage, unboundMethod.GrpcMessage);
        Assert.True(unknownService.IsTrailersOnly);
    }

    [Fact]
    public async Task UnaryCall_UnboundMethodThroughChannel_ThrowsUnimplemented()
    {
        await using var server = await TestGrpcServer.StartAsync(_ => { });
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("UnaryCall", error.Status.Detail, StringComparison.Ordinal);
    }
}
