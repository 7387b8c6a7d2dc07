using Grpc.Testing;
using TaskRpc.Grpc;

namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>The compression cases.</summary>
internal sealed partial class CSharpInteropClient
{
    private static readonly CallOptions Gzip = new() { RequestCompression = "gzip" };

    private static CallOptions Compressed(CallOptions options) => options with { RequestCompression = Gzip.RequestCompression };

    private async Task ClientCompressedUnaryAsync()
    {
        if (_probeCompression)
        {
            var probe = LargeRequest();
            probe.ExpectCompressed = new BoolValue { Value = true };
            await AssertFailsAsync(StatusCode.InvalidArgument, async () => await _channel.UnaryCall(InteropMethods.UnaryCall, probe, Options()));
        }

        foreach (var compressed in new[] { true, false })
        {
            var request = LargeRequest();
            request.ExpectCompressed = new BoolValue { Value = compressed };
            var options = compressed ? Compressed(Options()) : Options();
            var response = await _channel.UnaryCall(InteropMethods.UnaryCall, request, options);
            AssertZeros(response.Payload, 314159);
        }
    }

    private async Task ServerCompressedUnaryAsync()
    {
        foreach (var compressed in new[] { true, false })
        {
            _recorder.Reset();
            var request = LargeRequest();
            request.ResponseCompressed = new BoolValue { Value = compressed };
            var response = await _recordingChannel.UnaryCall(InteropMethods.UnaryCall, request, Options());
            AssertZeros(response.Payload, 314159);
            Assert.Equal([compressed], _recorder.Flags);
            if (compressed)
            {
                Assert.NotNull(_recorder.LastEncoding);
            }
        }
    }

    private async Task ClientCompressedStreamingAsync()
    {
        if (_probeCompression)
        {
            await AssertFailsAsync(StatusCode.InvalidArgument, async () =>
            {
                using var probe = _channel.ClientStreamingCall(InteropMethods.StreamingInputCall, Options());
                await probe.RequestStream.WriteAsync(new StreamingInputCallRequest
                {
                    Payload = Zeros(27182),
                    ExpectCompressed = new BoolValue { Value = true },
                });
                await probe.RequestStream.CompleteAsync();
                await probe;
            });
        }

        using var call = _channel.ClientStreamingCall(InteropMethods.StreamingInputCall, Compressed(Options()));
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest
        {
            Payload = Zeros(27182),
            ExpectCompressed = new BoolValue { Value = true },
        });
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest
        {
            Payload = Zeros(45904),
            ExpectCompressed = new BoolValue { Value = false },
        });
        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal(73086, response.AggregatedPayloadSize);
    }

    private async Task ServerCompressedStreamingAsync()
    {
        _recorder.Reset();
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 31415, Compressed = new BoolValue { Value = true } });
        request.ResponseParameters.Add(new ResponseParameters { Size = 92653, Compressed = new BoolValue { Value = false } });
        using var call = _recordingChannel.ServerStreamingCall(InteropMethods.StreamingOutputCall, request, Options());
        Assert.True(await call.ResponseStream.MoveNext());
        AssertZeros(call.ResponseStream.Current.Payload, 31415);
        Assert.True(await call.ResponseStream.MoveNext());
        AssertZeros(call.ResponseStream.Current.Payload, 92653);
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal([true, false], _recorder.Flags);
    }
}
