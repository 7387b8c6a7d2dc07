using System.Net.Http;
using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Transport;

/// <summary>Requests no gRPC client sends, by hand over h2c: each gets a clear status and creates nothing.</summary>
public sealed class RawRequestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Submit = "/taskrpc.v1.TaskService/Submit";

    [Fact]
    public async Task Submit_TwoMessagesInOneUnaryRequest_InternalAndNoJobCreated()
    {
        var (request, labels) = LabelledEcho();
        using var raw = new RawGrpc(fixture.Server.Address);

        var response = await raw.CallAsync(Submit, new ByteArrayContent([.. RawGrpc.Frame(request), .. RawGrpc.Frame(request)]));

        Assert.True(response.GrpcStatus == "13", response.Description);
        Assert.Empty((await fixture.Client.ListAsync(new ListJobsRequest { Labels = { labels } })).Jobs);
    }

    [Fact]
    public async Task Submit_TrailingBytesAfterTheMessage_InternalAndNoJobCreated()
    {
        var (request, labels) = LabelledEcho();
        using var raw = new RawGrpc(fixture.Server.Address);

        var response = await raw.CallAsync(Submit, new ByteArrayContent([.. RawGrpc.Frame(request), 0, 0, 0]));

        Assert.True(response.GrpcStatus == "13", response.Description);
        Assert.Empty((await fixture.Client.ListAsync(new ListJobsRequest { Labels = { labels } })).Jobs);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Submit_CompressedRequestAcceptingThatEncoding_ResponseCompressedTheSameWay(string encoding)
    {
        var (request, _) = LabelledEcho();
        using var raw = new RawGrpc(fixture.Server.Address);

        var response = await raw.CallAsync(
            Submit,
            new ByteArrayContent(RawGrpc.Frame(request, encoding)),
            new Dictionary<string, string> { ["grpc-encoding"] = encoding, ["grpc-accept-encoding"] = "identity,gzip,deflate" });

        Assert.True(response.GrpcStatus == "0", response.Description);
        Assert.Equal(encoding, response.GrpcEncoding);
        Assert.True(response.FirstMessageCompressed);
        Assert.Equal(JobState.Succeeded, response.FirstMessage(Job.Parser).State);
    }

    [Fact]
    public async Task Submit_PlainRequestAcceptingGzip_ResponseNotCompressed()
    {
        var (request, _) = LabelledEcho();
        using var raw = new RawGrpc(fixture.Server.Address);

        var response = await raw.CallAsync(
            Submit, new ByteArrayContent(RawGrpc.Frame(request)), new Dictionary<string, string> { ["grpc-accept-encoding"] = "identity,gzip,deflate" });

        Assert.True(response.GrpcStatus == "0", response.Description);
        Assert.Null(response.GrpcEncoding);
        Assert.False(response.FirstMessageCompressed);
        Assert.Equal(JobState.Succeeded, response.FirstMessage(Job.Parser).State);
    }

    [Fact]
    public async Task Submit_GzipThroughGrpcNetClient_Succeeds()
    {
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        var (request, _) = LabelledEcho();

        var job = await fixture.Client.Service.SubmitAsync(request, new CallOptions(headers, DateTime.UtcNow + TaskRpcClient.CallTimeout));

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("\"hello\"", job.Result.Json.ToString());
    }

    private static (SubmitRequest Request, Dictionary<string, string> Labels) LabelledEcho()
    {
        var labels = new Dictionary<string, string> { ["run"] = Guid.NewGuid().ToString("N") };
        return (new SubmitRequest { Task = "demo.echo", Args = JsonPayload.From("\"hello\""), Wait = true, Labels = { labels } }, labels);
    }
}
