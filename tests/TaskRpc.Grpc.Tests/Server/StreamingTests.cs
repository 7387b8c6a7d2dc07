using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>Client-streaming, server-streaming and duplex calls through our channel.</summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task ClientStreaming_ThreeMessagesThenHalfClose_ReturnsAggregate()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(
            "StreamingInputCall",
            async (requests, context) =>
            {
                var total = 0;
                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    total += request.Payload.Body.Length;
                }

                return new StreamingInputCallResponse { AggregatedPayloadSize = total };
            }));
        using var channel = server.CreateChannel();

        using var call = channel.ClientStreamingCall(TestMethods.StreamingInputCall);
        foreach (var size in new[] { 1, 10, 100 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = TestMethods.Payload(size) });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync.WaitAsync(TestTimeouts.Signal);

        Assert.Equal(111, response.AggregatedPayloadSize);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_NoMessages_HandlerSeesEndOfStream()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(
            "StreamingInputCall",
            async (requests, context) => new StreamingInputCallResponse { AggregatedPayloadSize = await requests.MoveNext() ? -1 : 0 }));
        using var channel = server.CreateChannel();

        using var call = channel.ClientStreamingCall(TestMethods.StreamingInputCall);
        await call.RequestStream.CompleteAsync();

        Assert.Equal(0, (await call.ResponseAsync.WaitAsync(TestTimeouts.Signal)).AggregatedPayloadSize);
    }

    [Fact]
    public async Task DuplexStreaming_PingPongThenHalfClose_EchoesEachAndSendsFinalAfterHalfClose()
    {
        await using var server = await TestGrpcServer.StartAsync(binder => binder.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            "FullDuplexCall",
            async (requests, responses, context) =>
            {
                var count = 0;
                while (await requests.MoveNext(context.CancellationToken))
                {
                    count++;
                    await responses.WriteAsync(new StreamingOutputCallResponse { Payload = TestMethods.Payload(requests.Current.ResponseParameters[0].Size) });
                }

                // Only reached after the client half-closed: report how many requests arrived.
                await responses.WriteAsync(new StreamingOutputCallResponse { Payload = TestMethods.Payload(1000 + count) });
            }));
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreamingCall(TestMethods.FullDuplexCall);
        var received = new List<int>();

        foreach (var size in new[] { 3, 5, 7 })
        {
            var request = new StreamingOutputCallRequest();
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
            await call.RequestStream.WriteAsync(request);

            // Each response arrives before the next request is written: the call is full duplex.
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));
            received.Add(call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal))
        {
            received.Add(call.ResponseStream.Current.Payload.Body.Length);
        }

        Assert.Equal([3, 5, 7, 1003], received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStreaming_ManyMessages_AllArriveInOrder()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindStreamingOutput);
        using var channel = server.CreateChannel();
        var sizes = Enumerable.Range(0, 50).Select(i => i * 37).ToArray();

        using var call = channel.ServerStreamingCall(TestMethods.StreamingOutputCall, TestMethods.StreamingRequest(sizes));
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            received.Add(response.Payload.Body.Length);
        }

        Assert.Equal(sizes, received);
    }
}
