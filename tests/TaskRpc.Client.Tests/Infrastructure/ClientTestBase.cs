namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>A test class with its own server (one per class) and a default client of it.</summary>
public abstract class ClientTestBase : IClassFixture<ClientTestServer>, IDisposable
{
    /// <summary>Every wait on a real signal gives up after this long, so a broken feature fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120); // A hang guard, not a speed limit: CLI processes start slowly on a busy 2-core machine.

    private readonly CancellationTokenSource _timeout = new(Patience);

    protected ClientTestBase(ClientTestServer server)
    {
        Server = server;
        Client = server.CreateClient();
    }

    protected ClientTestServer Server { get; }

    protected TaskRpcClient Client { get; }

    /// <summary>Cancelled after <see cref="Patience"/>: pass it to waits that must not hang.</summary>
    protected CancellationToken Timeout => _timeout.Token;

    /// <summary>Submits demo.sleep: <paramref name="seconds"/> in <paramref name="steps"/> progress steps.</summary>
    protected Task<RemoteJob<SleepResult>> SleepAsync(double seconds, int steps = 1, TaskRpcClient? client = null) =>
        (client ?? Client).SubmitAsync<SleepResult>("demo.sleep", new { seconds, steps }, cancellationToken: Timeout);

    /// <summary>Submits demo.fail with <paramref name="message"/>.</summary>
    protected Task<RemoteJob<SleepResult>> FailAsync(string message) =>
        Client.SubmitAsync<SleepResult>("demo.fail", new { message }, cancellationToken: Timeout);

    public void Dispose()
    {
        Client.Dispose();
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }
}
