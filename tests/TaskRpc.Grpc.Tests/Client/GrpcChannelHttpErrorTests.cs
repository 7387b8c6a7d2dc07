using System.Net;
using System.Net.Sockets;
using Grpc.Testing;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Grpc.Tests.Client;

public sealed class GrpcChannelHttpErrorTests
{
    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    public async Task UnaryCall_HttpErrorWithoutGrpcStatus_MapsHttpStatus(int httpStatus, StatusCode expected)
    {
        await using var server = await TestHttp2Server.StartAsync(context =>
        {
            context.Response.StatusCode = httpStatus;
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("nope");
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains(httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(expected, call.GetStatus().StatusCode);
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseHeadersAsync);
    }

    [Fact]
    public async Task UnaryCall_OkWithNonGrpcContentType_ThrowsInternalNamingContentType()
    {
        await using var server = await TestHttp2Server.StartAsync(context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<html></html>");
        });
        using var channel = GrpcChannel.ForAddress(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline()));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("text/html", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryCall_TrailersOnlyResponse_ThrowsWithDecodedMessageAndTrailers()
    {
        await using var server = await TestHttp2Server.StartAsync(context =>
        {
            // Even with HTTP 404 the explicit grpc-status wins.
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "5";
            context.Response.Headers["grpc-message"] = "no such task: caf%C3%A9 100%25";
            context.Response.Headers["x-detail"] = "missing";
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("no such task: café 100%", ex.Status.Detail);
        Assert.Equal("missing", ex.Trailers.GetValue("x-detail"));
        Assert.Equal("missing", call.GetTrailers().GetValue("x-detail"));
    }

    [Fact]
    public async Task ServerStreamingCall_TrailersOnlyOk_EndsWithoutMessages()
    {
        await using var server = await TestHttp2Server.StartAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "0";
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.ServerStreamingCall(ClientTestMethods.ServerStreaming, new SimpleRequest(), ClientTestMethods.WithDeadline());

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnaryCall_BodyEndsWithoutGrpcStatus_ThrowsInternal()
    {
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(TestHttp2Server.Frame(new SimpleResponse()));
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("grpc-status", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryCall_OkStatusWithoutResponseMessage_ThrowsInternal()
    {
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.StartAsync();
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_NothingListening_ThrowsUnavailableWithCause()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline()));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException, exactMatch: false);
    }
}
