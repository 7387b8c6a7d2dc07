using Google.Protobuf;
using TaskRpc.Contracts.V1;
using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>
/// A unary call carries exactly one message (gRPC over HTTP/2: "Length-Prefixed-Message" once).
/// A request body with a second message or stray bytes after the first is malformed: the server
/// answers INTERNAL and runs nothing. Sent by hand over h2c, since no gRPC library sends it.
/// </summary>
[Collection(ServerUnderTestGroup.Name)]
public sealed class UnaryFramingTests(ServerUnderTest server)
{
    private const int Internal = (int)global::Grpc.Core.StatusCode.Internal;

    [Fact]
    public async Task Submit_OneMessage_CreatesTheJob()
    {
        var (request, labels) = Probe();

        var response = await RawGrpc.CallAsync(server.Port, "taskrpc.v1.TaskService/Submit", RawGrpc.Frame(request));

        Assert.True(response.GrpcStatus == 0, response.ToString());
        var job = Job.Parser.ParseFrom(response.SingleMessage().Message);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal([job.Id], await JobIdsAsync(labels));
    }

    [Fact]
    public async Task Submit_TwoMessages_IsInternalAndCreatesNoJob()
    {
        var (request, labels) = Probe();

        var response = await RawGrpc.CallAsync(server.Port, "taskrpc.v1.TaskService/Submit", [.. RawGrpc.Frame(request), .. RawGrpc.Frame(request)]);

        Assert.True(response.GrpcStatus == Internal, $"expected INTERNAL (13): {response}");
        Assert.Empty(await JobIdsAsync(labels));
    }

    [Fact]
    public async Task Submit_TrailingBytesAfterTheMessage_IsInternalAndCreatesNoJob()
    {
        var (request, labels) = Probe();

        var response = await RawGrpc.CallAsync(server.Port, "taskrpc.v1.TaskService/Submit", [.. RawGrpc.Frame(request), 0, 0, 0]);

        Assert.True(response.GrpcStatus == Internal, $"expected INTERNAL (13): {response}");
        Assert.Empty(await JobIdsAsync(labels));
    }

    /// <summary>A Submit(wait) of demo.echo labelled uniquely, so List finds whatever it created.</summary>
    private static (SubmitRequest Request, Dictionary<string, string> Labels) Probe()
    {
        var labels = new Dictionary<string, string> { ["interop-probe"] = Guid.NewGuid().ToString("N") };
        var request = new SubmitRequest { Task = "demo.echo", Wait = true, Args = new Payload { Binary = ByteString.CopyFromUtf8("probe") } };
        request.Labels.Add(labels);
        return (request, labels);
    }

    private async Task<List<string>> JobIdsAsync(Dictionary<string, string> labels)
    {
        var request = new ListJobsRequest { PageSize = 100 };
        request.Labels.Add(labels);
        var response = await server.Client.ListAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
        return [.. response.Jobs.Select(j => j.Id)];
    }
}
