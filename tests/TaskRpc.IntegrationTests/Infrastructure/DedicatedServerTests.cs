namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>A base for test classes that need a server of their own, configured by command-line <paramref name="args"/>, one per test.</summary>
public abstract class DedicatedServerTests(params string[] args) : IAsyncLifetime
{
    private TaskRpcTestServer? _server;

    internal TaskRpcTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    internal TaskRpcClient Client => Server.Client;

    public async Task InitializeAsync() => _server = await TaskRpcTestServer.StartAsync(args);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
