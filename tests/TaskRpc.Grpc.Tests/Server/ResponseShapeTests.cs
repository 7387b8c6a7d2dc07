using System.Net;
using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>Trailers-only responses for errors before any message; HEADERS, DATA, trailers otherwise.</summary>
public sealed class ResponseShapeTests
{
    [Fact]
    public async Task UnaryCall_ErrorBeforeAnyMessage_SendsTrailersOnlyResponse()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall", (_, _) => throw new RpcException(new Status(StatusCode.NotFound, "no such job"), new Metadata().Add("x-job", "42"))));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest());

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal("5", response.GetHeader("grpc-status"));
        Assert.Equal("no such job", response.GrpcMessage);
        Assert.Equal("42", response.GetHeader("x-job"));
        Assert.StartsWith("application/grpc", response.ContentType, StringComparison.Ordinal);
        Assert.Empty(response.Body);
        Assert.Empty(response.Trailers);
    }

    [Fact]
    public async Task UnaryCall_Success_SendsMessageThenStatusInTrailers()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall",
            (request, context) =>
            {
                context.ResponseTrailers.Add("x-job", "42");
                return TestMethods.Echo(request, context);
            }));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest { ResponseSize = 5 });

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.False(response.IsTrailersOnly);
        Assert.Equal("application/grpc", response.ContentType);
        var frame = Assert.Single(response.Frames);
        Assert.Equal(0, frame.Flag);
        Assert.Equal(5, SimpleResponse.Parser.ParseFrom(frame.Payload).Payload.Body.Length);
        Assert.True(response.Trailers.TryGetValues("grpc-status", out var status));
        Assert.Equal("0", Assert.Single(status));
        Assert.True(response.Trailers.TryGetValues("x-job", out var job));
        Assert.Equal("42", Assert.Single(job));
        Assert.Null(response.GetHeader("x-job"));
    }

    [Fact]
    public async Task ServerStreaming_NoMessagesAndOk_SendsTrailersOnlyOk()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            "StreamingOutputCall", (_, _, _) => Task.CompletedTask));
        using var client = server.CreateRawClient();

        var response = await client.UnaryAsync(TestMethods.StreamingOutputCallPath, new StreamingOutputCallRequest());

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Empty(response.Body);
    }
}
