using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Server;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>
/// A real TaskRpc server in-process on 127.0.0.1 with a free port, the in-memory store and worker
/// processes for its process pool, shared
/// by a test class (xunit class fixture); clients connect to it over gRPC like any other.
/// </summary>
public sealed class ClientTestServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>The server's address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>Options for a client of this server with short retry backoffs; <paramref name="configure"/> changes them.</summary>
    public TaskRpcClientOptions Options(Action<TaskRpcClientOptions>? configure = null)
    {
        var options = new TaskRpcClientOptions { Address = Address, RetryBackoff = TimeSpan.FromMilliseconds(20), MaxRetryBackoff = TimeSpan.FromMilliseconds(200) };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A new client of this server; the test disposes it.</summary>
    public TaskRpcClient CreateClient(Action<TaskRpcClientOptions>? configure = null) => new(Options(configure));

    /// <summary>Starts a server of its own with extra command-line <paramref name="args"/>, e.g. <c>--certificate</c>; the test disposes it.</summary>
    public static async Task<ClientTestServer> StartAsync(params string[] args)
    {
        var server = new ClientTestServer();
        await server.StartWithAsync(args);
        return server;
    }

    public Task InitializeAsync() => StartWithAsync([]);

    private async Task StartWithAsync(string[] args)
    {
        // Process-pool workers (demo.cpu): the server's own assembly started with --worker.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        _app = TaskRpcServer.Build(
        [
            "--port", "0", "--http-port", "-1", "--store", "memory", "--Logging:LogLevel:Default=Warning",
            $"--Engine:Processes:WorkerCommand={dotnet}",
            $"--Engine:Processes:WorkerArguments:0={typeof(TaskRpcServer).Assembly.Location}",
            "--Engine:Processes:WorkerArguments:1=--worker",
            .. args,
        ]);
        await _app.StartAsync();
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server reported no bound address.");
        Address = new Uri($"{new Uri(bound).Scheme}://127.0.0.1:{new Uri(bound).Port}");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
