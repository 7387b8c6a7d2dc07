using TaskRpc.InteropServer;

namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>Runs our interop server (TaskRpc.InteropServer) in-process once per test class.</summary>
public sealed class TaskRpcServerFixture : IAsyncLifetime
{
    private InteropServerHost? _host;

    /// <summary>The server address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address => _host?.Address ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _host = await InteropServerHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
