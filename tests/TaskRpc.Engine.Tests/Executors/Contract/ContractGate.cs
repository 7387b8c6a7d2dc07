using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>
/// The test's side of the contract tasks' gate: a loopback listener every handler connects to,
/// whether it runs in this process or in a worker process. Handlers arrive as
/// <see cref="GateVisitor"/>s in the order they announced their start, and wait to be released.
/// The gate counts the handlers running: one is counted from its start's arrival until its end's
/// arrival, and its end is acknowledged before it returns, so the count never exceeds the real
/// number running, and <see cref="MaxRunning"/> can only be too high if the executor ran too many.
/// </summary>
internal sealed class ContractGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<GateVisitor> _arrivals = Channel.CreateUnbounded<GateVisitor>();
    private readonly List<GateVisitor> _connections = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private int _started;
    private int _running;
    private int _maxRunning;
    private int _released;

    public ContractGate()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>How many handlers have announced their start.</summary>
    public int Started
    {
        get
        {
            lock (_lock)
            {
                return _started;
            }
        }
    }

    /// <summary>The most handlers counted running at once.</summary>
    public int MaxRunning
    {
        get
        {
            lock (_lock)
            {
                return _maxRunning;
            }
        }
    }

    /// <summary>The next handler to arrive (in the order of arrival).</summary>
    public async Task<GateVisitor> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        try
        {
            return await _arrivals.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No handler arrived at the gate within {TestWait.Timeout} ({Started} arrived so far).");
        }
    }

    /// <summary>The next <paramref name="count"/> handlers to arrive.</summary>
    public async Task<List<GateVisitor>> NextAsync(int count)
    {
        var visitors = new List<GateVisitor>(count);
        for (var i = 0; i < count; i++)
        {
            visitors.Add(await NextAsync());
        }

        return visitors;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        GateVisitor[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    /// <summary>A handler announced its start: count it, and record how many releases were sent before.</summary>
    internal void OnStart(GateVisitor visitor)
    {
        lock (_lock)
        {
            _started++;
            _maxRunning = Math.Max(_maxRunning, ++_running);
            visitor.ReleasesBefore = _released;
        }

        _arrivals.Writer.TryWrite(visitor);
    }

    /// <summary>A handler that had started ended, stopped, or went away.</summary>
    internal void OnStop()
    {
        lock (_lock)
        {
            _running--;
        }
    }

    internal void OnRelease()
    {
        lock (_lock)
        {
            _released++;
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var visitor = new GateVisitor(this, await _listener.AcceptTcpClientAsync());
                lock (_lock)
                {
                    _connections.Add(visitor);
                }

                _ = visitor.ServeAsync();
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
