using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task UnaryCall_300InParallelOverOneChannel_AllSucceed()
    {
        const int Calls = 300;
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var channel = server.CreateChannel();

        var responses = await Task.WhenAll(Enumerable.Range(0, Calls).Select(
            i => channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest { ResponseSize = i }).ResponseAsync))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, Calls), responses.Select(response => response.Payload.Body.Length));
    }

    [Fact]
    public async Task DuplexStreaming_ManyOpenStreamsAtOnce_AllComplete()
    {
        const int Streams = 150;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var open = 0;
        await using var server = await TestGrpcServer.StartAsync(binder => binder.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            "FullDuplexCall",
            async (requests, responses, context) =>
            {
                if (Interlocked.Increment(ref open) == Streams)
                {
                    allOpen.SetResult();
                }

                // Every stream stays open until all are: more than Kestrel's default 100 per connection.
                await allOpen.Task.WaitAsync(context.CancellationToken);
                while (await requests.MoveNext(context.CancellationToken))
                {
                    await responses.WriteAsync(new StreamingOutputCallResponse());
                }
            }));
        using var channel = server.CreateChannel();

        var calls = Enumerable.Range(0, Streams).Select(_ => channel.DuplexStreamingCall(TestMethods.FullDuplexCall)).ToList();
        await Task.WhenAll(calls.Select(call => call.RequestStream.WriteAsync(new StreamingOutputCallRequest())));
        await allOpen.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(calls.Select(async call =>
        {
            await call.RequestStream.CompleteAsync();
            var count = 0;
            while (await call.ResponseStream.MoveNext())
            {
                count++;
            }

            Assert.Equal(1, count);
            call.Dispose();
        })).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Streams, Volatile.Read(ref open));
    }
}
