using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

public sealed class DependencyInjectionTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task AddTaskRpcClient_WithOptions_ResolvesOneConfiguredClientThatWorks()
    {
        var services = new ServiceCollection().AddTaskRpcClient(options =>
        {
            options.Address = Server.Address;
            options.DefaultCallTimeout = TimeSpan.FromSeconds(7);
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<TaskRpcClient>();

        Assert.Same(client, provider.GetRequiredService<TaskRpcClient>());
        Assert.Equal(Server.Address, client.Address);
        Assert.Equal(new Item(3), await await client.SubmitAsync<Item>("demo.echo", new Item(3), cancellationToken: Timeout));
    }

    [Fact]
    public void AddTaskRpcClient_WithoutOptions_UsesTheDefaultAddress()
    {
        using var provider = new ServiceCollection().AddTaskRpcClient().BuildServiceProvider();

        Assert.Equal(new Uri("http://127.0.0.1:50051"), provider.GetRequiredService<TaskRpcClient>().Address);
    }

    [Fact]
    public async Task AddTaskRpcClient_InterceptorOnItsGrpcClientRegistration_SeesTheClientsCalls()
    {
        var interceptor = new CountingInterceptor();
        var services = new ServiceCollection().AddTaskRpcClient(options => options.Address = Server.Address);
        services.AddGrpcClient<TaskService.TaskServiceClient>(TaskRpcClientServiceCollectionExtensions.GrpcClientName)
            .AddInterceptor(() => interceptor);
        await using var provider = services.BuildServiceProvider();

        var job = await provider.GetRequiredService<TaskRpcClient>().SubmitAsync<Item>("demo.echo", new Item(5), cancellationToken: Timeout);

        Assert.Equal(new Item(5), await job);
        Assert.Equal(1, interceptor.Calls("Submit"));
    }
}
