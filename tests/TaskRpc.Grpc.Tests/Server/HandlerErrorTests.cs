using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>What a client sees when a handler throws.</summary>
public sealed class HandlerErrorTests
{
    private const string SecretText = "connection string Password=hunter2";

    [Fact]
    public async Task UnaryCall_HandlerThrowsInvalidOperation_ReturnsUnknownWithGenericMessage()
    {
        await using var server = await TestGrpcServer.StartAsync(BindThrowing(() => new InvalidOperationException(SecretText)));
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Status.Detail));
        Assert.DoesNotContain("hunter2", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryCall_HandlerThrowsWithDetailedErrors_ReturnsTypeAndMessage()
    {
        await using var server = await TestGrpcServer.StartAsync(
            BindThrowing(() => new InvalidOperationException(SecretText)), options => options.EnableDetailedErrors = true);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Contains(nameof(InvalidOperationException), error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(SecretText, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryCall_ExceptionMapperMapsDomainException_ReturnsMappedStatus()
    {
        await using var server = await TestGrpcServer.StartAsync(
            BindThrowing(() => new JobNotFoundException("job 42")),
            options => options.ExceptionMapper = ex => ex is JobNotFoundException ? new Status(StatusCode.NotFound, ex.Message) : null);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("job 42", error.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_ExceptionMapperReturnsNull_ReturnsUnknown()
    {
        await using var server = await TestGrpcServer.StartAsync(
            BindThrowing(() => new InvalidOperationException(SecretText)), options => options.ExceptionMapper = _ => null);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("hunter2", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryCall_HandlerThrowsRpcExceptionWithTrailers_DeliversStatusAndTrailers()
    {
        byte[] binary = [0, 1, 2, 250, 255];
        await using var server = await TestGrpcServer.StartAsync(BindThrowing(() => new RpcException(
            new Status(StatusCode.PermissionDenied, "quota exceeded: 100% used ✓"),
            new Metadata().Add("x-reason", "quota").Add("x-detail-bin", binary))));
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("quota exceeded: 100% used ✓", error.Status.Detail);
        Assert.Equal("quota", error.Trailers.GetValue("x-reason"));
        Assert.Equal(binary, error.Trailers.GetValueBytes("x-detail-bin"));
    }

    [Fact]
    public async Task ServerStreaming_RpcExceptionAfterFirstMessage_DeliversMessageThenStatusAndTrailers()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            "StreamingOutputCall",
            async (request, responses, context) =>
            {
                await responses.WriteAsync(new StreamingOutputCallResponse { Payload = TestMethods.Payload(1) });
                throw new RpcException(new Status(StatusCode.Aborted, "stopped"), new Metadata().Add("x-where-bin", [7]));
            }));
        using var channel = server.CreateChannel();
        using var call = channel.ServerStreamingCall(TestMethods.StreamingOutputCall, new StreamingOutputCallRequest());

        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("stopped", error.Status.Detail);
        Assert.Equal([7], error.Trailers.GetValueBytes("x-where-bin"));
    }

    [Fact]
    public async Task UnaryCall_HandlerSetsContextStatus_ReturnsThatStatusWithoutMessage()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall",
            (request, context) =>
            {
                context.Status = new Status(StatusCode.FailedPrecondition, "not ready");
                return ValueTask.FromResult(new SimpleResponse());
            }));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest());

        Assert.Equal(StatusCode.FailedPrecondition, response.GrpcStatus);
        Assert.Equal("not ready", response.GrpcMessage);
        Assert.Empty(response.Body);
    }

    private static Action<ServiceBinder> BindThrowing(Func<Exception> create) =>
        binder => binder.Unary<SimpleRequest, SimpleResponse>("UnaryCall", (_, _) => throw create());
}
