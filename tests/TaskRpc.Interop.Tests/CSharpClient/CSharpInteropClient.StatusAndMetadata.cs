using Grpc.Testing;
using TaskRpc.Grpc;

namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>The metadata and status cases.</summary>
internal sealed partial class CSharpInteropClient
{
    private static Metadata EchoMetadata() => new Metadata().Add(InitialKey, InitialValue).Add(TrailingKey, TrailingValue);

    private static void AssertEchoed(Metadata headers, Metadata trailers)
    {
        Assert.Equal(InitialValue, headers.GetValue(InitialKey));
        Assert.Equal(TrailingValue, trailers.GetValueBytes(TrailingKey));
    }

    private async Task CustomMetadataAsync()
    {
        using (var unary = _channel.UnaryCall(InteropMethods.UnaryCall, LargeRequest(), Options(EchoMetadata())))
        {
            AssertZeros((await unary).Payload, 314159);
            AssertEchoed(await unary.ResponseHeadersAsync, unary.GetTrailers());
        }

        using var duplex = _channel.DuplexStreamingCall(InteropMethods.FullDuplexCall, Options(EchoMetadata()));
        await duplex.RequestStream.WriteAsync(StreamingRequest(271828, 314159));
        Assert.True(await duplex.ResponseStream.MoveNext());
        AssertZeros(duplex.ResponseStream.Current.Payload, 314159);
        await duplex.RequestStream.CompleteAsync();
        Assert.False(await duplex.ResponseStream.MoveNext());
        AssertEchoed(await duplex.ResponseHeadersAsync, duplex.GetTrailers());
    }

    private async Task StatusCodeAndMessageAsync()
    {
        const string message = "test status message";
        var echo = new EchoStatus { Code = (int)StatusCode.Unknown, Message = message };

        using (var unary = _channel.UnaryCall(InteropMethods.UnaryCall, new SimpleRequest { ResponseStatus = echo }, Options()))
        {
            var ex = await AssertFailsAsync(StatusCode.Unknown, () => unary.ResponseAsync);
            Assert.Equal(message, ex.Status.Detail);
            Assert.Equal(ex.Status, unary.GetStatus());
        }

        using var duplex = _channel.DuplexStreamingCall(InteropMethods.FullDuplexCall, Options());
        await duplex.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = echo });
        await duplex.RequestStream.CompleteAsync();
        var streamed = await AssertFailsAsync(StatusCode.Unknown, () => duplex.ResponseStream.MoveNext());
        Assert.Equal(message, streamed.Status.Detail);
    }

    private async Task SpecialStatusMessageAsync()
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.Unknown, Message = SpecialMessage } };
        using var call = _channel.UnaryCall(InteropMethods.UnaryCall, request, Options());
        var ex = await AssertFailsAsync(StatusCode.Unknown, () => call.ResponseAsync);
        Assert.Equal(SpecialMessage, ex.Status.Detail);
    }
}
