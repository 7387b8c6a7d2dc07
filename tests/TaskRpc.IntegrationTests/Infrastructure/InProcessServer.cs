namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>
/// Starts a test server before and stops it after its owner: a class fixture (one server per
/// test class), or a test class needing its own configuration, <paramref name="args"/> (one server per test).
/// </summary>
public abstract class InProcessServer(params string[] args) : IAsyncLifetime
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
