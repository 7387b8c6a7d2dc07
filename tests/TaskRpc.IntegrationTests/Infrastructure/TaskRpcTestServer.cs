using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Grpc.Net.Client;
using TaskRpc.IntegrationTests.TestTasks;
using TaskRpc.Server;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>
/// A real TaskRpc server started in-process on 127.0.0.1 with a free port, with the demo and test
/// tasks, and a client connected to it over gRPC.
/// </summary>
internal sealed class TaskRpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TaskRpcTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
        Client = new TaskRpcClient(Channel);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public TaskRpcClient Client { get; }

    /// <summary>The server's services (its meter factory, for metric tests).</summary>
    public IServiceProvider Services => _app.Services;

    public TestGates Gates => _app.Services.GetRequiredService<TestGates>();

    public ConcurrencyProbe Probe => _app.Services.GetRequiredService<ConcurrencyProbe>();

    /// <summary>Builds and starts a server; <paramref name="args"/> adds command-line configuration, e.g. <c>--Engine:Async:QueueCapacity=2</c>.</summary>
    public static Task<TaskRpcTestServer> StartAsync(params string[] args) => StartAsync(null, args);

    /// <summary>Builds and starts a server; <paramref name="configureServices"/> runs after the test tasks are registered (e.g. to replace the clock).</summary>
    public static async Task<TaskRpcTestServer> StartAsync(Action<IServiceCollection>? configureServices, params string[] args)
    {
        string[] all = ["--port", "0", "--http-port", "-1", "--store", "memory", "--Logging:LogLevel:Default=Warning", .. args];
        var app = TaskRpcServer.Build(all, services =>
        {
            TestTaskRegistration.Register(services);
            configureServices?.Invoke(services);
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server reported no bound address.");
        return new TaskRpcTestServer(app, new Uri($"http://127.0.0.1:{new Uri(bound).Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
