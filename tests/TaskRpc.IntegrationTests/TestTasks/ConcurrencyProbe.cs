namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>Counts the runs of <see cref="ProbeTask"/> in progress and the most seen at once.</summary>
internal sealed class ConcurrencyProbe
{
    private int _current;
    private int _max;

    /// <summary>The most runs seen at once.</summary>
    public int Max => Volatile.Read(ref _max);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _current);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _current);
}
