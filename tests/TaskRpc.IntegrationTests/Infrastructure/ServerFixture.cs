namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>One default test server per test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private TaskRpcTestServer? _server;

    internal TaskRpcTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    internal TaskRpcClient Client => Server.Client;

    public async Task InitializeAsync() => _server = await TaskRpcTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
