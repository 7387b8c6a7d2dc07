using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>Custom metadata both ways: request headers to the handler, response headers and trailers to the client.</summary>
public sealed class CustomMetadataTests
{
    private static readonly byte[] Binary = [0, 1, 2, 127, 128, 254, 255];

    [Fact]
    public async Task RequestHeaders_ChannelSendsAsciiAndBinary_HandlerSeesThemWithoutReservedHeaders()
    {
        var received = new TaskCompletionSource<Metadata>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEchoCapturing(received, context => context.RequestHeaders));
        using var channel = server.CreateChannel();
        var headers = new Metadata().Add("x-tenant", "acme").Add("x-trace-bin", Binary);

        await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest(), new CallOptions(headers, DateTime.UtcNow.AddMinutes(5)));
        var seen = await received.Task.WaitAsync(TestTimeouts.Signal);

        Assert.Equal("acme", seen.GetValue("x-tenant"));
        Assert.Equal(Binary, seen.GetValueBytes("x-trace-bin"));
        Assert.All(seen, entry => Assert.False(entry.Key.StartsWith("grpc-", StringComparison.Ordinal), entry.Key));
        Assert.Null(seen.Get("content-type"));
        Assert.Null(seen.Get("te"));
        Assert.Null(seen.Get("user-agent"));
    }

    [Theory]
    [InlineData("AAECf4D+/w==")]
    [InlineData("AAECf4D+/w")]
    [InlineData("AAECf4D-_w")]
    public async Task RequestHeaders_RawBinaryHeaderPaddedUnpaddedOrUrlSafe_IsDecoded(string base64)
    {
        var received = new TaskCompletionSource<Metadata>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEchoCapturing(received, context => context.RequestHeaders));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.UnaryCallPath, new SimpleRequest(), request => request.Headers.TryAddWithoutValidation("x-raw-bin", base64));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal(Binary, (await received.Task.WaitAsync(TestTimeouts.Signal)).GetValueBytes("x-raw-bin"));
    }

    [Fact]
    public async Task WriteResponseHeadersAndTrailers_UnaryCall_ClientReceivesBoth()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall",
            async (request, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata().Add("x-header", "early").Add("x-header-bin", Binary));
                context.ResponseTrailers.Add("x-trailer", "late").Add("x-trailer-bin", Binary);
                return new SimpleResponse();
            }));
        using var channel = server.CreateChannel();

        using var call = channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest());
        var headers = await call.ResponseHeadersAsync;
        await call;
        var trailers = call.GetTrailers();

        Assert.Equal("early", headers.GetValue("x-header"));
        Assert.Equal(Binary, headers.GetValueBytes("x-header-bin"));
        Assert.Null(headers.Get("x-trailer"));
        Assert.Equal("late", trailers.GetValue("x-trailer"));
        Assert.Equal(Binary, trailers.GetValueBytes("x-trailer-bin"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task WriteResponseHeadersAsync_CalledTwice_SecondCallThrows()
    {
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestGrpcServer.StartAsync(binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall",
            async (request, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata());
                outcome.SetResult(await Record.ExceptionAsync(() => context.WriteResponseHeadersAsync(new Metadata())));
                return new SimpleResponse();
            }));
        using var channel = server.CreateChannel();

        await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest());

        Assert.IsType<InvalidOperationException>(await outcome.Task.WaitAsync(TestTimeouts.Signal));
    }
}
