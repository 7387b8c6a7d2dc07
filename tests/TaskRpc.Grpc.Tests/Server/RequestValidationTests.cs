using System.Net;
using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/grpc+json")]
    [InlineData("application/grpc-web")]
    public async Task HandleAsync_NonGrpcContentType_Returns415WithInternal(string contentType)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var response = await client.SendAsync(
            client.CreateRequest(TestMethods.UnaryCallPath, GrpcFrames.Frame(new SimpleRequest()), contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains(contentType, response.GrpcMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc;charset=utf-8")]
    public async Task HandleAsync_GrpcContentTypeVariant_IsServed(string contentType)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var response = await client.SendAsync(
            client.CreateRequest(TestMethods.UnaryCallPath, GrpcFrames.Frame(new SimpleRequest { ResponseSize = 3 }), contentType));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        var frame = Assert.Single(response.Frames);
        Assert.Equal(3, SimpleResponse.Parser.ParseFrom(frame.Payload).Payload.Body.Length);
    }

    [Fact]
    public async Task HandleAsync_UnknownGrpcEncoding_ReturnsUnimplementedWithAcceptEncoding()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.UnaryCallPath, new SimpleRequest(), request => request.Headers.Add("grpc-encoding", "br"));

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Contains("br", response.GrpcMessage, StringComparison.Ordinal);
        var accepted = response.GetHeader("grpc-accept-encoding");
        Assert.NotNull(accepted);
        Assert.Contains("gzip", accepted, StringComparison.Ordinal);
        Assert.Contains("identity", accepted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_IdentityGrpcEncoding_IsServed()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.UnaryCallPath, new SimpleRequest(), request => request.Headers.Add("grpc-encoding", "identity"));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Single(response.Frames);
    }

    [Fact]
    public async Task HandleAsync_NoTeTrailersHeader_IsServed()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(
            TestMethods.UnaryCallPath, new SimpleRequest(), request => request.Headers.TE.Clear());

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }
}
