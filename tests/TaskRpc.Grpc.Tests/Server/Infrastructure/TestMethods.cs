using Google.Protobuf.Reflection;
using Grpc.Testing;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>The grpc.testing.TestService methods the tests bind and call.</summary>
public static class TestMethods
{
    public const string UnaryCallPath = "/grpc.testing.TestService/UnaryCall";
    public const string StreamingOutputCallPath = "/grpc.testing.TestService/StreamingOutputCall";

    private static readonly ServiceDescriptor Service = TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");

    public static Method<SimpleRequest, SimpleResponse> UnaryCall { get; } = new(Service.FindMethodByName("UnaryCall"));

    public static Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall { get; } =
        new(Service.FindMethodByName("StreamingOutputCall"));

    public static Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall { get; } =
        new(Service.FindMethodByName("StreamingInputCall"));

    public static Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall { get; } =
        new(Service.FindMethodByName("FullDuplexCall"));

    /// <summary>A unary handler answering with a payload of the requested size.</summary>
    public static ValueTask<SimpleResponse> Echo(SimpleRequest request, ServerCallContext context) =>
        ValueTask.FromResult(new SimpleResponse { Payload = Payload(request.ResponseSize) });

    /// <summary>Binds <see cref="Echo"/> as UnaryCall.</summary>
    public static void BindEcho(ServiceBinder binder) => binder.Unary<SimpleRequest, SimpleResponse>("UnaryCall", Echo);

    /// <summary>Binds <see cref="Echo"/> as UnaryCall, first handing what <paramref name="capture"/> reads from the context to the test.</summary>
    public static Action<ServiceBinder> BindEchoCapturing<T>(TaskCompletionSource<T> captured, Func<ServerCallContext, T> capture) =>
        binder => binder.Unary<SimpleRequest, SimpleResponse>(
            "UnaryCall",
            (request, context) =>
            {
                captured.TrySetResult(capture(context));
                return Echo(request, context);
            });

    /// <summary>
    /// Binds StreamingOutputCall: one response per response parameter, of its size; a parameter with
    /// compressed = false is written with <see cref="WriteFlags.NoCompress"/>.
    /// </summary>
    public static void BindStreamingOutput(ServiceBinder binder) =>
        binder.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            "StreamingOutputCall",
            async (request, responses, context) =>
            {
                foreach (var parameters in request.ResponseParameters)
                {
                    responses.WriteOptions = parameters.Compressed?.Value == false ? new WriteOptions(WriteFlags.NoCompress) : null;
                    await responses.WriteAsync(new StreamingOutputCallResponse { Payload = Payload(parameters.Size) });
                }
            });

    /// <summary>A StreamingOutputCall request asking for one response of each size.</summary>
    public static StreamingOutputCallRequest StreamingRequest(params int[] sizes)
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(sizes.Select(size => new ResponseParameters { Size = size }));
        return request;
    }

    /// <summary>A payload of <paramref name="size"/> zero bytes (very compressible).</summary>
    public static Payload Payload(int size) => new() { Body = Google.Protobuf.ByteString.CopyFrom(new byte[size]) };
}
