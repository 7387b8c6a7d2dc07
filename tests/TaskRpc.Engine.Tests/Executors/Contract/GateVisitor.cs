using System.Net.Sockets;
using System.Text;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>A handler at the <see cref="ContractGate"/>: what it has said so far, and how to release it.</summary>
internal sealed class GateVisitor : IDisposable
{
    private readonly ContractGate _gate;
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly Lock _writing = new();
    private bool _counted;

    public GateVisitor(ContractGate gate, TcpClient client)
    {
        _gate = gate;
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>The name the handler announced.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>How many releases the gate had sent (to any handler) when this one announced its start.</summary>
    public int ReleasesBefore { get; set; }

    /// <summary>Set when the handler says its cancellation token fired.</summary>
    public TaskCompletionSource TokenFired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the handler says it ends normally (it returns next).</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the handler says it stops for its token (it throws next).</summary>
    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when its connection has closed (the handler finished, or its process died).</summary>
    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the handler go on past one wait.</summary>
    public void Release()
    {
        _gate.OnRelease();
        Send("go");
    }

    public void Dispose() => _client.Dispose();

    internal async Task ServeAsync()
    {
        try
        {
            using var reader = new StreamReader(_stream, Encoding.UTF8, leaveOpen: true);
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("start ", StringComparison.Ordinal))
                {
                    Name = line["start ".Length..];
                    _counted = true;
                    _gate.OnStart(this);
                }
                else if (line == GateClient.TokenFired)
                {
                    TokenFired.TrySetResult();
                }
                else if (line is GateClient.Ended or GateClient.Stopped)
                {
                    Uncount();
                    (line == GateClient.Ended ? Ended : Stopped).TrySetResult();
                    Send("bye");
                }
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            // The handler's process died, or the gate is closing.
        }

        Uncount();
        Closed.TrySetResult();
    }

    private void Uncount()
    {
        if (_counted)
        {
            _counted = false;
            _gate.OnStop();
        }
    }

    private void Send(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_writing)
        {
            _stream.Write(bytes);
        }
    }
}
