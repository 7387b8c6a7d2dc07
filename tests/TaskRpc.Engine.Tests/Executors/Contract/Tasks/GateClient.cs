using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>
/// A handler's connection to the test's <see cref="ContractGate"/> (loopback TCP, one line per
/// message, so it works from a worker process as from this one). The handler says
/// <c>start NAME</c> on connecting, <see cref="TokenFired"/> when its token fires, and
/// <see cref="Ended"/> or <see cref="Stopped"/> last, waiting for the gate's <c>bye</c>; the gate
/// says <c>go</c> to release it (once per wait).
/// </summary>
internal sealed class GateClient : IDisposable
{
    public const string TokenFired = "token";
    public const string Ended = "end";
    public const string Stopped = "cancelled";

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly Lock _writing = new();
    private readonly SemaphoreSlim _go = new(0);
    private readonly TaskCompletionSource _bye = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GateClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _ = ReadAsync();
    }

    /// <summary>Connects to the gate on <paramref name="port"/> and announces the handler's start.</summary>
    public static async Task<GateClient> ConnectAsync(int port, string name)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        var gate = new GateClient(client);
        gate.Send("start " + name);
        return gate;
    }

    /// <summary>Waits for the gate's next release, or for <paramref name="cancellationToken"/>; throws <see cref="IOException"/> if the gate closes first.</summary>
    public async Task WaitReleaseAsync(CancellationToken cancellationToken)
    {
        var go = _go.WaitAsync(cancellationToken);
        if (await Task.WhenAny(go, _closed.Task).ConfigureAwait(false) != go)
        {
            throw new IOException("The test's gate closed before it released the handler.");
        }

        await go.ConfigureAwait(false);
    }

    /// <summary>Says how the handler ends (<see cref="Ended"/> or <see cref="Stopped"/>) and waits until the gate has counted it.</summary>
    public async Task EndAsync(string how)
    {
        Send(how);
        await Task.WhenAny(_bye.Task, _closed.Task).ConfigureAwait(false);
    }

    /// <summary>Sends one line; a gate that has gone away is not the handler's problem.</summary>
    public void Send(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_writing)
        {
            try
            {
                _stream.Write(bytes);
            }
            catch (Exception error) when (error is IOException or ObjectDisposedException)
            {
                _closed.TrySetResult();
            }
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _go.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(_stream, Encoding.UTF8, leaveOpen: true);
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                switch (line)
                {
                    case "go":
                        _go.Release();
                        break;
                    case "bye":
                        _bye.TrySetResult();
                        break;
                }
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            // The connection is gone: the same as its end.
        }

        _closed.TrySetResult();
    }
}
