using Grpc.Testing;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Grpc.Tests.Client;

public sealed class GrpcChannelCancellationTests
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task UnaryCall_TokenCancelledWhileServerWaits_ThrowsCancelledAndResetsStream()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            var whenAborted = TestHttp2Server.WhenAbortedAsync(context);
            received.TrySetResult();
            await whenAborted;
            aborted.TrySetResult();
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var cts = new CancellationTokenSource();
        using var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline(cancellationToken: cts.Token));
        await received.Task.WaitAsync(SignalTimeout);

        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).WaitAsync(SignalTimeout);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await aborted.Task.WaitAsync(SignalTimeout);
    }

    [Fact]
    public async Task UnaryCall_DeadlinePassesWhileServerWaits_ThrowsDeadlineExceededAndResetsStream()
    {
        string? timeoutHeader = null;
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            timeoutHeader = context.Request.Headers["grpc-timeout"];
            var whenAborted = TestHttp2Server.WhenAbortedAsync(context);
            received.TrySetResult();
            await whenAborted;
            aborted.TrySetResult();
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        // Long enough for the request to reach the server even on a loaded machine: the point is
        // that the client, not the server, ends the call when the deadline passes.
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(2));

        var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), options);
        await received.Task.WaitAsync(SignalTimeout);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await call).WaitAsync(SignalTimeout);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        await aborted.Task.WaitAsync(SignalTimeout);
        Assert.Matches("^[0-9]{1,8}[umS]$", timeoutHeader);
    }

    [Fact]
    public async Task UnaryCall_DeadlineAlreadyPassed_ThrowsDeadlineExceededWithoutSending()
    {
        var requests = 0;
        await using var server = await TestHttp2Server.StartAsync(_ =>
        {
            Interlocked.Increment(ref requests);
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(-1)));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(0, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task Dispose_DuplexCallInProgress_ResetsStreamAndReadsThrowCancelled()
    {
        var firstMessage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            var whenAborted = TestHttp2Server.WhenAbortedAsync(context);
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(TestHttp2Server.Frame(new SimpleResponse()));
            await context.Response.Body.FlushAsync();
            var buffer = new byte[5];
            await context.Request.Body.ReadExactlyAsync(buffer);
            firstMessage.TrySetResult();
            await whenAborted;
            aborted.TrySetResult();
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        var call = channel.DuplexStreamingCall(ClientTestMethods.Duplex, ClientTestMethods.WithDeadline());
        await call.RequestStream.WriteAsync(new SimpleRequest());
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(SignalTimeout));
        await firstMessage.Task.WaitAsync(SignalTimeout);

        call.Dispose();

        await aborted.Task.WaitAsync(SignalTimeout);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task MoveNext_TokenCancelled_ThrowsCancelled()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            started.TrySetResult();
            await TestHttp2Server.WhenAbortedAsync(context);
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.ServerStreamingCall(ClientTestMethods.ServerStreaming, new SimpleRequest(), ClientTestMethods.WithDeadline());
        await call.ResponseHeadersAsync.WaitAsync(SignalTimeout);
        await started.Task.WaitAsync(SignalTimeout);
        using var cts = new CancellationTokenSource();

        var moveNext = call.ResponseStream.MoveNext(cts.Token);
        Assert.False(moveNext.IsCompleted);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => moveNext).WaitAsync(SignalTimeout);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }
}
