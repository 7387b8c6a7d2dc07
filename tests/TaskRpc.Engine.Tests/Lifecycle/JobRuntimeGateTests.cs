using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Lifecycle;

/// <summary>The gate that serialises a job's transitions (JobRuntime.EnterGateAsync / ExitGate).</summary>
public sealed class JobRuntimeGateTests
{
    // The gate uses none of the runtime's collaborators, so the test leaves them out.
    private readonly JobRuntime _runtime = new(new StoreTestJobs().NewJob(), null!, null!, null!);

    [Fact]
    public void EnterGateAsync_Uncontended_EntersAtOnce()
    {
        Assert.True(EnteredAtOnce(_runtime.EnterGateAsync()));
        _runtime.ExitGate();
        Assert.True(EnteredAtOnce(_runtime.EnterGateAsync()));
    }

    [Fact]
    public async Task EnterGateAsync_WhileHeld_WaitsAndEntersInArrivalOrder()
    {
        await _runtime.EnterGateAsync();
        var order = new List<int>();
        var waiters = Enumerable.Range(1, 3).Select(async i =>
        {
            await _runtime.EnterGateAsync();
            lock (order)
            {
                order.Add(i);
            }
        }).ToList();

        Assert.All(waiters, w => Assert.False(w.IsCompleted));
        for (var i = 0; i < waiters.Count; i++)
        {
            _runtime.ExitGate();
            await waiters[i].WaitAsync(TestWait.Timeout);
            Assert.All(waiters.Skip(i + 1), w => Assert.False(w.IsCompleted));
        }

        Assert.Equal([1, 2, 3], order);
        _runtime.ExitGate();
        Assert.True(EnteredAtOnce(_runtime.EnterGateAsync()));
    }

    [Fact]
    public void ExitGate_NotHeld_Throws()
    {
        Assert.Throws<SynchronizationLockException>(_runtime.ExitGate);
    }

    [Fact]
    public async Task EnterGateAsync_ManyConcurrentCallers_NeverTwoInside()
    {
        var inside = 0;
        var maxInside = 0;
        var count = 0;
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                await _runtime.EnterGateAsync();
                var now = Interlocked.Increment(ref inside);
                maxInside = Math.Max(maxInside, now);
                if (i % 16 == 0)
                {
                    await Task.Yield();
                }

                count++;
                Interlocked.Decrement(ref inside);
                _runtime.ExitGate();
            }
        }));

        await Task.WhenAll(workers).WaitAsync(TestWait.Timeout);

        Assert.Equal(1, maxInside);
        Assert.Equal(16000, count);
    }

    private static bool EnteredAtOnce(ValueTask enter) => enter.IsCompletedSuccessfully;
}
