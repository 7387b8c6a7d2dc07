using System.Net;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.IntegrationTests.Serving;

/// <summary>The HTTP port beside the gRPC port: /healthz there, gRPC only on its own port.</summary>
public sealed class HttpPortTests
{
    [Fact]
    public async Task Healthz_OnHttpPort_AnswersHealthyOverHttp11()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{server.HttpPort}/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(1, 1), response.Version);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_OnGrpcPort_IsNotFound()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{server.Port}/healthz"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact, // h2c with prior knowledge, as the gRPC port speaks.
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_OnHttpPort_IsNotServed()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{server.HttpPort}");
        var client = new TaskService.TaskServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetAsync(new GetJobRequest { Id = "x" }, deadline: DateTime.UtcNow.AddMinutes(1)));

        Assert.NotEqual(StatusCode.NotFound, error.StatusCode); // Not the service answering.
    }

    [Fact]
    public async Task Listeners_ByDefault_AreTheGrpcAndHttpPorts()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");

        Assert.Equal(new SortedSet<int> { server.Port, server.HttpPort }, ProcessTable.ListeningPorts(server.Pid));
    }

    [Fact]
    public async Task HttpPort_MinusOne_OpensNoListener()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory", "--http-port", "-1");

        // The server's own listening sockets, not a connect attempt: the port the fixture picked for
        // HTTP is free again once -1 overrides it, and another test's server may take it meanwhile.
        Assert.Equal(new SortedSet<int> { server.Port }, ProcessTable.ListeningPorts(server.Pid));
    }

    [Fact]
    public async Task HttpPort_OutOfRange_StopsTheStartWithOneLine()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--store", "memory", "--http-port", "70000");

        Assert.Equal(1, exitCode);
        Assert.Contains("Server:HttpPort must be 0 to 65535, or -1 for none, not 70000", output, StringComparison.Ordinal);
    }
}
