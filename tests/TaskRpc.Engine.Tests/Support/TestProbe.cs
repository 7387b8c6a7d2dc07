using System.Collections.Concurrent;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>What the test handlers report and wait on: one per engine (a DI singleton).</summary>
internal sealed class TestProbe
{
    private int _current;
    private int _max;

    /// <summary>Released once per handler start.</summary>
    public SemaphoreSlim Started { get; } = new(0);

    /// <summary>Released once per observed handler cancellation.</summary>
    public SemaphoreSlim CancelObserved { get; } = new(0);

    /// <summary>Gate handlers wait on this until the test completes it.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Progress handlers take one permit per step.</summary>
    public SemaphoreSlim Step { get; } = new(0);

    /// <summary>Blocking handlers block on this until set.</summary>
    public ManualResetEventSlim Unblock { get; } = new(false);

    public ConcurrentQueue<string> StartOrder { get; } = new();

    public ConcurrentBag<bool> RanOnThreadPool { get; } = [];

    public int MaxConcurrent => Volatile.Read(ref _max);

    public int Runs => StartOrder.Count;

    public IDisposable Enter(string name)
    {
        StartOrder.Enqueue(name);
        var now = Interlocked.Increment(ref _current);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }

        Started.Release();
        return new Exit(this);
    }

    public async Task WaitStartedAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await Started.WaitAsync(TestWait.Timeout), $"Only {i} of {count} handlers started in time.");
        }
    }

    private sealed class Exit(TestProbe probe) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref probe._current);
    }
}
