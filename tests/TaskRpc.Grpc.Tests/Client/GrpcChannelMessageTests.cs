using Google.Protobuf;
using Grpc.Testing;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Grpc.Tests.Client;

public sealed class GrpcChannelMessageTests
{
    [Fact]
    public async Task UnaryCall_ResponseLargerThanMaxReceive_ThrowsResourceExhausted()
    {
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            var response = new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFrom(new byte[4096]) } };
            await context.Response.Body.WriteAsync(TestHttp2Server.Frame(response));
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline()));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_RequestLargerThanMaxSend_ThrowsResourceExhaustedWithoutSending()
    {
        var requests = 0;
        await using var server = await TestHttp2Server.StartAsync(_ =>
        {
            Interlocked.Increment(ref requests);
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxSendMessageSize = 100 });
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[1000]) } };

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(ClientTestMethods.Unary, request, ClientTestMethods.WithDeadline()));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task UnaryCall_BinaryMetadata_RoundTripsThroughHeadersAndTrailers()
    {
        byte[] value = [0x00, 0xff, 0xab, 0x10, 0x80];
        var seen = new Dictionary<string, string>();
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            foreach (var name in new[] { "te", "user-agent", "content-type", "grpc-accept-encoding", "x-data-bin", "x-text" })
            {
                seen[name] = context.Request.Headers[name].ToString();
            }

            context.Response.ContentType = "application/grpc";
            context.Response.Headers["x-data-bin"] = context.Request.Headers["x-data-bin"];
            await context.Response.Body.WriteAsync(TestHttp2Server.Frame(new SimpleResponse()));
            context.Response.AppendTrailer("grpc-status", "0");
            context.Response.AppendTrailer("x-trailer-bin", context.Request.Headers["x-data-bin"].ToString() + "=");
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        var headers = new Metadata().Add("x-data-bin", value).Add("x-text", "hello");
        using var call = channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest(), ClientTestMethods.WithDeadline(headers));

        await call;

        Assert.Equal(value, (await call.ResponseHeadersAsync).GetValueBytes("x-data-bin"));
        Assert.Equal(value, call.GetTrailers().GetValueBytes("x-trailer-bin"));
        Assert.Equal(Convert.ToBase64String(value).TrimEnd('='), seen["x-data-bin"]);
        Assert.Equal("hello", seen["x-text"]);
        Assert.Equal("trailers", seen["te"]);
        Assert.StartsWith("taskrpc-dotnet/", seen["user-agent"], StringComparison.Ordinal);
        Assert.Equal("application/grpc", seen["content-type"]);
        Assert.Equal("identity,deflate,gzip", seen["grpc-accept-encoding"]);
    }

    [Fact]
    public async Task UnaryCall_GzipRequestCompression_SendsCompressedFrameAndEncodingHeader()
    {
        string? encoding = null;
        var flag = -1;
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            encoding = context.Request.Headers["grpc-encoding"];
            var header = new byte[5];
            await context.Request.Body.ReadExactlyAsync(header);
            flag = header[0];
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(TestHttp2Server.Frame(new SimpleResponse()));
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { RequestCompression = "gzip" });
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[1000]) } };

        await channel.UnaryCall(ClientTestMethods.Unary, request, ClientTestMethods.WithDeadline());

        Assert.Equal("gzip", encoding);
        Assert.Equal(1, flag);
    }

    [Fact]
    public async Task UnaryCall_NoCompressWriteFlag_SendsUncompressedFrame()
    {
        var flag = -1;
        await using var server = await TestHttp2Server.StartAsync(async context =>
        {
            var header = new byte[5];
            await context.Request.Body.ReadExactlyAsync(header);
            flag = header[0];
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(TestHttp2Server.Frame(new SimpleResponse()));
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { RequestCompression = "gzip" });
        var options = ClientTestMethods.WithDeadline() with { WriteOptions = new WriteOptions(WriteFlags.NoCompress) };

        await channel.UnaryCall(ClientTestMethods.Unary, new SimpleRequest { ResponseSize = 7 }, options);

        Assert.Equal(0, flag);
    }

    [Fact]
    public void ForAddress_UnknownCompression_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            GrpcChannel.ForAddress("http://127.0.0.1:1", new GrpcChannelOptions { RequestCompression = "br" }));
    }

    [Fact]
    public void UnaryCall_StreamingMethod_Throws()
    {
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:1");

        Assert.Throws<ArgumentException>(() =>
            channel.UnaryCall(ClientTestMethods.Duplex, new SimpleRequest(), ClientTestMethods.WithDeadline()));
    }
}
