using System.Collections.Concurrent;

namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>The gates of one server (a DI singleton shared by the test and <see cref="GateTask"/>), plus a start counter.</summary>
internal sealed class TestGates
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);
    private long _order;

    /// <summary>The gate with this name, created on first use.</summary>
    public Gate this[string name] => _gates.GetOrAdd(name, static _ => new Gate());

    /// <summary>A new gate with a unique name.</summary>
    public (string Name, Gate Gate) Create()
    {
        var name = "gate-" + Guid.NewGuid().ToString("N");
        return (name, this[name]);
    }

    /// <summary>The next number in the order jobs started in.</summary>
    public long NextOrder() => Interlocked.Increment(ref _order);
}
