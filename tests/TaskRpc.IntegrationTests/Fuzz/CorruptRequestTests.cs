using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// Request bodies protobuf cannot parse (corrupt, or nested past its recursion limit of 100), to a
/// unary and a server-streaming method of the real server: INVALID_ARGUMENT naming the request
/// message and protobuf's reason, and nothing at Error level or with a stack trace in the server's log
/// (grpc-dotnet used to answer UNKNOWN and log an Error with a stack trace for each one).
/// </summary>
public sealed class CorruptRequestTests
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    public static TheoryData<string, string, byte[]> Bodies()
    {
        byte[] truncated = [0x0A, 0x05, 0x61]; // Field 1, 5 bytes long, 1 byte there.
        byte[] badWireType = [0x0F, 0x01];     // Field 1 with wire type 7.
        byte[] badLength = [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]; // A varint past 64 bits.
        // SubmitRequest.args (2) -> Payload.json (1) -> Value.list_value (6) -> ListValue.values (1) -> ... 200 levels.
        var nested = GrpcCaseGenerator.Field(2, GrpcCaseGenerator.Field(1, WireFuzz.Nested(200, 6, 1)));
        return new()
        {
            { "Submit", "taskrpc.v1.SubmitRequest", truncated },
            { "Submit", "taskrpc.v1.SubmitRequest", badWireType },
            { "Submit", "taskrpc.v1.SubmitRequest", badLength },
            { "Submit", "taskrpc.v1.SubmitRequest", nested },
            { "StreamProgress", "taskrpc.v1.StreamProgressRequest", truncated },
            { "StreamProgress", "taskrpc.v1.StreamProgressRequest", badWireType },
        };
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Call_CorruptProtobufBody_InvalidArgumentAndNoErrorLogged(string method, string message, byte[] body)
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");
        var invoker = server.Channel.CreateCallInvoker();
        var options = TaskRpcClient.Options();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            if (method == "StreamProgress")
            {
                var streaming = new Method<byte[], byte[]>(MethodType.ServerStreaming, "taskrpc.v1.TaskService", method, Raw, Raw);
                using var call = invoker.AsyncServerStreamingCall(streaming, null, options, body);
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            else
            {
                var unary = new Method<byte[], byte[]>(MethodType.Unary, "taskrpc.v1.TaskService", method, Raw, Raw);
                await invoker.AsyncUnaryCall(unary, null, options, body);
            }
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith($"request is not a valid {message}: ", error.Status.Detail, StringComparison.Ordinal);
        // The server still answers, and its log has no error entry and no stack trace for the call.
        var job = await server.Client.RunAsync("demo.echo", "[1]");
        Assert.Equal(Contracts.V1.JobState.Succeeded, job.State);
        var log = server.Output;
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }
}
