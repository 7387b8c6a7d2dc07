using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Testing;
using TaskRpc.Grpc;

namespace TaskRpc.InteropServer;

/// <summary>
/// grpc.testing.TestService as the interop test descriptions specify it. UnimplementedCall is
/// deliberately left unbound.
/// </summary>
public sealed class InteropTestService : IGrpcService
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    /// <inheritdoc />
    public ServiceDescriptor Descriptor => TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");

    /// <inheritdoc />
    public void Bind(ServiceBinder binder) => binder
        .Unary<Empty, Empty>("EmptyCall", EmptyCallAsync)
        .Unary<SimpleRequest, SimpleResponse>("UnaryCall", UnaryCallAsync)
        .Unary<SimpleRequest, SimpleResponse>("CacheableUnaryCall", UnaryCallAsync)
        .ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("StreamingOutputCall", StreamingOutputCallAsync)
        .ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>("StreamingInputCall", StreamingInputCallAsync)
        .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("FullDuplexCall", FullDuplexCallAsync)
        .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("HalfDuplexCall", HalfDuplexCallAsync);

    private static async ValueTask<Empty> EmptyCallAsync(Empty request, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        return new Empty();
    }

    private static async ValueTask<SimpleResponse> UnaryCallAsync(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        EnsureCompressedAsExpected(request.ExpectCompressed, context);
        ThrowIfStatusRequested(request.ResponseStatus);
        if (request.ResponseCompressed?.Value == true)
        {
            context.ResponseCompression = "gzip";
        }

        return new SimpleResponse { Payload = CreatePayload(request.ResponseSize) };
    }

    private static async Task StreamingOutputCallAsync(
        StreamingOutputCallRequest request, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        await RespondAsync(request, responses, context).ConfigureAwait(false);
    }

    private static async Task<StreamingInputCallResponse> StreamingInputCallAsync(
        IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        var total = 0;
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            EnsureCompressedAsExpected(requests.Current.ExpectCompressed, context);
            total += requests.Current.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    private static async Task FullDuplexCallAsync(
        IAsyncStreamReader<StreamingOutputCallRequest> requests, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await RespondAsync(requests.Current, responses, context).ConfigureAwait(false);
        }
    }

    private static async Task HalfDuplexCallAsync(
        IAsyncStreamReader<StreamingOutputCallRequest> requests, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        var buffered = new List<StreamingOutputCallRequest>();
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            buffered.Add(requests.Current);
        }

        foreach (var request in buffered)
        {
            await RespondAsync(request, responses, context).ConfigureAwait(false);
        }
    }

    private static async Task RespondAsync(
        StreamingOutputCallRequest request, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        ThrowIfStatusRequested(request.ResponseStatus);
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                // The interop contract asks the server to pause between responses.
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken).ConfigureAwait(false);
            }

            var compress = parameters.Compressed?.Value == true;
            if (compress && context.ResponseCompression is null && !context.GetHttpContext().Response.HasStarted)
            {
                context.ResponseCompression = "gzip";
            }

            responses.WriteOptions = compress ? null : new WriteOptions(WriteFlags.NoCompress);
            await responses.WriteAsync(new StreamingOutputCallResponse { Payload = CreatePayload(parameters.Size) }, context.CancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.Get(EchoInitialKey) is { } initial && !context.GetHttpContext().Response.HasStarted)
        {
            await context.WriteResponseHeadersAsync(new Metadata().Add(initial)).ConfigureAwait(false);
        }

        if (context.RequestHeaders.Get(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(trailing);
        }
    }

    private static void EnsureCompressedAsExpected(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed?.Value == true && !context.RequestMessageCompressed)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Expected a compressed message, received an uncompressed one."));
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload CreatePayload(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
