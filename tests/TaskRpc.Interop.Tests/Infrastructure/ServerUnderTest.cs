using System.Collections.Concurrent;
using Grpc.Net.Client;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>
/// One real TaskRpc server process for the whole suite, and one run of each external client
/// against it (started on first use, every case at once), whose per-case results the tests read.
/// </summary>
public sealed class ServerUnderTest : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ClientRun>>> _runs = new(StringComparer.Ordinal);
    private TaskRpcServerProcess? _server;
    private GrpcChannel? _channel;

    /// <summary>The server's loopback port (h2c).</summary>
    public int Port => Server.Port;

    /// <summary>What the server logged so far (warnings, errors), for failure messages.</summary>
    public string ServerOutput => Server.Output;

    /// <summary>A Grpc.Net.Client client of the server's TaskService, for checks around raw calls.</summary>
    public TaskService.TaskServiceClient Client { get; private set; } = null!;

    private TaskRpcServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The one run of <paramref name="client"/> (see <see cref="ExternalClients"/>).</summary>
    public Task<ClientRun> RunOfAsync(string client) =>
        _runs.GetOrAdd(client, name => new Lazy<Task<ClientRun>>(() => ExternalClients.RunAsync(name, Port))).Value;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await TaskRpcServerProcess.StartAsync();
        _channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{Port}"));
        Client = new TaskService.TaskServiceClient(_channel);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
