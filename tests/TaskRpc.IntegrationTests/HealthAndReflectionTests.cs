using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>The standard services every TaskRpc server hosts: health and reflection.</summary>
public sealed class HealthAndReflectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Theory]
    [InlineData("taskrpc.v1.TaskService")]
    [InlineData("")]
    public async Task HealthCheck_StartedServer_Serving(string service)
    {
        var response = await _client.CheckHealthAsync(service);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public Task HealthCheck_UnknownService_NotFound() =>
        RpcAssert.FailsAsync(StatusCode.NotFound, () => _client.CheckHealthAsync("no.such.Service"), "no.such.Service");

    [Fact]
    public async Task Reflection_ListServices_IncludesTaskService()
    {
        var responses = await ReflectAsync(
            new ServerReflectionRequest { ListServices = "*" },
            new ServerReflectionRequest { FileContainingSymbol = "taskrpc.v1.TaskService" });

        var services = responses[0].ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("taskrpc.v1.TaskService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        var files = responses[1].FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes).Name)
            .ToList();
        Assert.Contains("taskrpc/v1/task_service.proto", files);
    }

    [Fact]
    public async Task ReflectionV1Alpha_ListServices_IncludesTaskService()
    {
        using var call = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(_client.Channel).ServerReflectionInfo(TaskRpcClient.Options());

        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "*" });
        Assert.True(await call.ResponseStream.MoveNext(), "The reflection stream ended early.");
        await call.RequestStream.CompleteAsync();

        Assert.Contains("taskrpc.v1.TaskService", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    private async Task<List<ServerReflectionResponse>> ReflectAsync(params ServerReflectionRequest[] requests)
    {
        using var call = new ServerReflection.ServerReflectionClient(_client.Channel).ServerReflectionInfo(TaskRpcClient.Options());
        var responses = new List<ServerReflectionResponse>();
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext(), "The reflection stream ended early.");
            responses.Add(call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        return responses;
    }
}
