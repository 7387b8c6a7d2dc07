using Google.Protobuf;
using Grpc.Testing;
using TaskRpc.InteropServer;

namespace TaskRpc.Grpc.Tests.Client;

public sealed class GrpcChannelConcurrencyTests
{
    private static readonly Method<SimpleRequest, SimpleResponse> UnaryCall =
        new(TestReflection.Descriptor.Services[0].FindMethodByName("UnaryCall"));

    [Fact]
    public async Task UnaryCall_500ConcurrentCallsOnOneChannel_AllSucceedWithTheirOwnResponse()
    {
        await using var server = await InteropServerHost.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var deadline = DateTime.UtcNow.AddSeconds(60);

        var calls = new Task<SimpleResponse>[500];
        for (var i = 0; i < calls.Length; i++)
        {
            var request = new SimpleRequest { ResponseSize = i, Payload = new Payload { Body = ByteString.CopyFrom(new byte[i]) } };
            calls[i] = channel.UnaryCall(UnaryCall, request, new CallOptions(deadline: deadline)).ResponseAsync;
        }

        var responses = await Task.WhenAll(calls);

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal(i, responses[i].Payload.Body.Length);
        }
    }
}
