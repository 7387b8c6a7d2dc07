using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>
/// gzip both ways, seen on the wire: grpcio and grpc-js hide the response's grpc-encoding and
/// compressed flag, so their compression case proves only that gzip requests are accepted.
/// </summary>
[Collection(ServerUnderTestGroup.Name)]
public sealed class ResponseCompressionTests(ServerUnderTest server)
{
    [Fact]
    public async Task Submit_GzipRequestAcceptingGzip_AnswersWithAGzipMessage()
    {
        var text = string.Concat(Enumerable.Repeat("TaskRpc compresses well. ", 4_000));
        var request = new SubmitRequest { Task = "demo.echo", Wait = true, Args = new Payload { Json = Value.ForString(text) } };
        var headers = new Dictionary<string, string> { ["grpc-encoding"] = "gzip", ["grpc-accept-encoding"] = "gzip" };

        var response = await RawGrpc.CallAsync(server.Port, "taskrpc.v1.TaskService/Submit", RawGrpc.Frame(request, gzip: true), headers);

        Assert.True(response.GrpcStatus == 0, response.ToString());
        var (compressed, message) = response.SingleMessage();
        var job = Job.Parser.ParseFrom(message);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(text, job.Result.Json.StringValue);
        Assert.Equal("gzip", response.GrpcEncoding);
        Assert.True(compressed, "the answer's message is not compressed");
    }
}
