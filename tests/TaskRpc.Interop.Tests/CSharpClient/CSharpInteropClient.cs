using Google.Protobuf;
using Grpc.Testing;
using TaskRpc.Grpc;

namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>
/// Our C# client running the cases of grpc/grpc doc/interop-test-descriptions.md against a
/// TestService at <c>address</c>. Every call carries a deadline. Servers that cannot see whether a
/// request was compressed (grpcio) skip the INVALID_ARGUMENT feature probes.
/// </summary>
internal sealed partial class CSharpInteropClient : IDisposable
{
    public static readonly string[] Cases =
    [
        "empty_unary", "large_unary", "client_compressed_unary", "server_compressed_unary",
        "client_streaming", "client_compressed_streaming", "server_streaming", "server_compressed_streaming",
        "ping_pong", "empty_stream", "custom_metadata", "status_code_and_message", "special_status_message",
        "unimplemented_method", "unimplemented_service", "cancel_after_begin", "cancel_after_first_response",
        "timeout_on_sleeping_server",
    ];

    private const string InitialKey = "x-grpc-test-echo-initial";
    private const string InitialValue = "test_initial_metadata_value";
    private const string TrailingKey = "x-grpc-test-echo-trailing-bin";
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n";
    private static readonly byte[] TrailingValue = [0xab, 0xab, 0xab];
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly int[] RequestSizes = [27182, 8, 1828, 45904];
    private static readonly int[] ResponseSizes = [31415, 9, 2653, 58979];

    private readonly GrpcChannel _channel;
    private readonly GrpcChannel _recordingChannel;
    private readonly CompressionRecordingHandler _recorder;
    private readonly bool _probeCompression;

    public CSharpInteropClient(string address, bool serverChecksCompression)
    {
        _channel = GrpcChannel.ForAddress(address);
        _recorder = new CompressionRecordingHandler(new SocketsHttpHandler { UseProxy = false });
        _recordingChannel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = _recorder });
        _probeCompression = serverChecksCompression;
    }

    public Task RunAsync(string testCase) => testCase switch
    {
        "empty_unary" => EmptyUnaryAsync(),
        "large_unary" => LargeUnaryAsync(),
        "client_compressed_unary" => ClientCompressedUnaryAsync(),
        "server_compressed_unary" => ServerCompressedUnaryAsync(),
        "client_streaming" => ClientStreamingAsync(),
        "client_compressed_streaming" => ClientCompressedStreamingAsync(),
        "server_streaming" => ServerStreamingAsync(),
        "server_compressed_streaming" => ServerCompressedStreamingAsync(),
        "ping_pong" => PingPongAsync(),
        "empty_stream" => EmptyStreamAsync(),
        "custom_metadata" => CustomMetadataAsync(),
        "status_code_and_message" => StatusCodeAndMessageAsync(),
        "special_status_message" => SpecialStatusMessageAsync(),
        "unimplemented_method" => UnimplementedAsync(InteropMethods.UnimplementedCall),
        "unimplemented_service" => UnimplementedAsync(InteropMethods.UnimplementedServiceCall),
        "cancel_after_begin" => CancelAfterBeginAsync(),
        "cancel_after_first_response" => CancelAfterFirstResponseAsync(),
        "timeout_on_sleeping_server" => TimeoutOnSleepingServerAsync(),
        _ => throw new ArgumentException($"Unknown interop case '{testCase}'.", nameof(testCase)),
    };

    public void Dispose()
    {
        _channel.Dispose();
        _recordingChannel.Dispose();
        _recorder.Dispose();
    }

    private static CallOptions Options(Metadata? headers = null, CancellationToken cancellationToken = default) =>
        new(headers, DateTime.UtcNow + CallTimeout, cancellationToken);

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static void AssertZeros(Payload payload, int size)
    {
        Assert.Equal(size, payload.Body.Length);
        Assert.True(payload.Body.Span.IndexOfAnyExcept((byte)0) < 0, "payload body must be all zeros");
    }

    private static SimpleRequest LargeRequest() => new() { ResponseSize = 314159, Payload = Zeros(271828) };

    private static StreamingOutputCallRequest StreamingRequest(int requestSize, int responseSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(requestSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }

    private static async Task<RpcException> AssertFailsAsync(StatusCode expected, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(action);
        Assert.Equal(expected, ex.StatusCode);
        return ex;
    }

    private async Task EmptyUnaryAsync()
    {
        var response = await _channel.UnaryCall(InteropMethods.EmptyCall, new Empty(), Options());
        Assert.Equal(new Empty(), response);
    }

    private async Task LargeUnaryAsync()
    {
        var response = await _channel.UnaryCall(InteropMethods.UnaryCall, LargeRequest(), Options());
        AssertZeros(response.Payload, 314159);
    }

    private async Task ClientStreamingAsync()
    {
        using var call = _channel.ClientStreamingCall(InteropMethods.StreamingInputCall, Options());
        foreach (var size in RequestSizes)
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal(74922, response.AggregatedPayloadSize);
    }

    private async Task ServerStreamingAsync()
    {
        var request = new StreamingOutputCallRequest();
        foreach (var size in ResponseSizes)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
        }

        using var call = _channel.ServerStreamingCall(InteropMethods.StreamingOutputCall, request, Options());
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            AssertZeros(response.Payload, response.Payload.Body.Length);
            received.Add(response.Payload.Body.Length);
        }

        Assert.Equal(ResponseSizes, received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private async Task PingPongAsync()
    {
        using var call = _channel.DuplexStreamingCall(InteropMethods.FullDuplexCall, Options());
        for (var i = 0; i < RequestSizes.Length; i++)
        {
            await call.RequestStream.WriteAsync(StreamingRequest(RequestSizes[i], ResponseSizes[i]));
            Assert.True(await call.ResponseStream.MoveNext());
            AssertZeros(call.ResponseStream.Current.Payload, ResponseSizes[i]);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    private async Task EmptyStreamAsync()
    {
        using var call = _channel.DuplexStreamingCall(InteropMethods.FullDuplexCall, Options());
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private async Task CancelAfterBeginAsync()
    {
        using var cts = new CancellationTokenSource();
        using var call = _channel.ClientStreamingCall(InteropMethods.StreamingInputCall, Options(cancellationToken: cts.Token));
        await cts.CancelAsync();
        await AssertFailsAsync(StatusCode.Cancelled, () => call.ResponseAsync);
    }

    private async Task CancelAfterFirstResponseAsync()
    {
        using var cts = new CancellationTokenSource();
        using var call = _channel.DuplexStreamingCall(InteropMethods.FullDuplexCall, Options(cancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(StreamingRequest(27182, 31415));
        Assert.True(await call.ResponseStream.MoveNext());
        AssertZeros(call.ResponseStream.Current.Payload, 31415);
        await cts.CancelAsync();
        await AssertFailsAsync(StatusCode.Cancelled, () => call.ResponseStream.MoveNext());
    }

    private async Task TimeoutOnSleepingServerAsync()
    {
        var options = Options() with { Deadline = DateTime.UtcNow.AddMilliseconds(1) };
        using var call = _channel.DuplexStreamingCall(InteropMethods.FullDuplexCall, options);
        try
        {
            await call.RequestStream.WriteAsync(StreamingRequest(27182, 31415));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            // The deadline may pass before the write: allowed by the spec.
        }

        await AssertFailsAsync(StatusCode.DeadlineExceeded, () => call.ResponseStream.MoveNext());
    }

    private async Task UnimplementedAsync(Method<Empty, Empty> method)
    {
        using var call = _channel.UnaryCall(method, new Empty(), Options());
        await AssertFailsAsync(StatusCode.Unimplemented, () => call.ResponseAsync);
    }
}
