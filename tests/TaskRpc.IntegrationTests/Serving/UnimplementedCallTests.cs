using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Serving;

/// <summary>
/// Calls to a method or service the server does not have: UNIMPLEMENTED with grpc-dotnet's own
/// messages (the server answers them after routing instead of through catch-all routes), on a
/// connection that keeps serving; on the HTTP port such a call finds nothing (HTTP 404).
/// </summary>
public sealed class UnimplementedCallTests
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    [Theory]
    [InlineData("taskrpc.v1.TaskService", "NoSuchMethod", "Method is unimplemented.")]
    [InlineData("grpc.health.v1.Health", "NoSuchMethod", "Method is unimplemented.")]
    [InlineData("no.such.Service", "Submit", "Service is unimplemented.")]
    public async Task Call_UnknownMethodOrService_UnimplementedAndServerStillServes(string service, string method, string detail)
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");
        var invoker = server.Channel.CreateCallInvoker();
        var unary = new Method<byte[], byte[]>(MethodType.Unary, service, method, Raw, Raw);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(unary, null, TaskRpcClient.Options(), []));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
        var job = await server.Client.RunAsync("demo.echo", "[1]");
        Assert.Equal(Contracts.V1.JobState.Succeeded, job.State);
    }

    [Fact]
    public async Task Call_UnknownMethodOnHttpPort_NotFound()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");
        using var http = new HttpClient();
        using var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{server.HttpPort}/taskrpc.v1.TaskService/NoSuchMethod"), content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status"));
    }
}
