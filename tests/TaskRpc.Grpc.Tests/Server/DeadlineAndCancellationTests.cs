using Grpc.Health.V1;
using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>The server's own deadline (from grpc-timeout) and the client's RST_STREAM both fire the handler's token.</summary>
public sealed class DeadlineAndCancellationTests
{
    [Fact]
    public async Task HandleAsync_GrpcTimeoutOnlyInHeader_FiresHandlerTokenAndReturnsDeadlineExceeded()
    {
        var probe = new CallProbe();
        await using var server = await TestGrpcServer.StartAsync(probe.Bind);
        using var client = server.CreateRawClient();

        // The raw client does not enforce the timeout: only the server's deadline can end the call.
        var response = await client.UnaryAsync(
            TestMethods.UnaryCallPath, new SimpleRequest(), request => request.Headers.Add("grpc-timeout", "200m"))
            .WaitAsync(TestTimeouts.Signal);

        await probe.Cancelled.WaitAsync(TestTimeouts.Signal);
        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task HandleAsync_DeadlinePassesAfterHandlerReturnsLate_ReturnsDeadlineExceededNotOk()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall",
            async (request, context) =>
            {
                var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = context.CancellationToken.Register(fired.SetResult);
                started.SetResult();
                await fired.Task;

                // Ignores the token and answers anyway: the deadline must still win.
                return new SimpleResponse { Payload = TestMethods.Payload(1) };
            }));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.UnaryCallPath, new SimpleRequest(), request => request.Headers.Add("grpc-timeout", "100m"))
            .WaitAsync(TestTimeouts.Signal);

        Assert.True(started.Task.IsCompleted);
        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.Empty(response.Frames);
    }

    [Theory]
    [InlineData("99999999H")]
    [InlineData("abc")]
    [InlineData("5x")]
    public async Task HandleAsync_HugeOrMalformedGrpcTimeout_HasNoDeadline(string timeout)
    {
        var deadline = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEchoCapturing(deadline, context => context.Deadline));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.UnaryCallPath, new SimpleRequest(), request => request.Headers.TryAddWithoutValidation("grpc-timeout", timeout));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal(DateTime.MaxValue, await deadline.Task.WaitAsync(TestTimeouts.Signal));
    }

    [Fact]
    public async Task HandleAsync_ClientResetsStream_FiresHandlerTokenAndServerStaysUsable()
    {
        var probe = new CallProbe();
        await using var server = await TestGrpcServer.StartAsync(probe.Bind);
        using var client = server.CreateRawClient();
        using var cancellation = new CancellationTokenSource();

        var call = client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest(), cancellationToken: cancellation.Token);
        await probe.Started.WaitAsync(TestTimeouts.Signal);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await probe.Cancelled.WaitAsync(TestTimeouts.Signal);
        using var channel = server.CreateChannel();
        var health = await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task UnaryCall_ChannelCallCancelled_FiresHandlerToken()
    {
        var probe = new CallProbe();
        await using var server = await TestGrpcServer.StartAsync(probe.Bind);
        using var channel = server.CreateChannel();
        using var cancellation = new CancellationTokenSource();

        using var call = channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest(), new CallOptions(cancellationToken: cancellation.Token));
        await probe.Started.WaitAsync(TestTimeouts.Signal);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await probe.Cancelled.WaitAsync(TestTimeouts.Signal);
    }

    [Fact]
    public async Task DuplexStreaming_ClientDisposesCall_FiresHandlerToken()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(binder => binder.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            "FullDuplexCall",
            async (requests, responses, context) =>
            {
                await using var registration = context.CancellationToken.Register(cancelled.SetResult);
                started.SetResult();
                while (await requests.MoveNext(context.CancellationToken))
                {
                }
            }));
        using var channel = server.CreateChannel();
        var call = channel.DuplexStreamingCall(TestMethods.FullDuplexCall);
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest());
        await started.Task.WaitAsync(TestTimeouts.Signal);

        call.Dispose();

        await cancelled.Task.WaitAsync(TestTimeouts.Signal);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }
}
