using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>The contract on capacity: never more handlers at once than the executor's <c>IJobExecutor.Capacity</c>.</summary>
public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task ExecuteAsync_OneMoreInvocationThanCapacity_RunAtMostCapacityAtOnce()
    {
        var count = Executor.Capacity + 1;
        var executions = Enumerable.Range(0, count)
            .Select(i => Executor.ExecuteAsync(Host.Invocation(ContractTasks.Hold, HoldArgs($"h{i}"))).AsTask())
            .ToList();

        // The executor bounds itself, or (Async) runs them all and leaves the bound to the scheduler.
        var atOnce = BoundsItsOwnCapacity ? HandlersAtOnce : count;
        var arrived = await ReleaseOneByOneAsync(atOnce, count);

        var results = await Task.WhenAll(executions).WaitAsync(TestWait.Timeout);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"h{i}"), results.Select(r => Read<HoldResult>(r).Name));
        AssertRanAtMost(atOnce, arrived);
    }

    [Fact]
    public async Task SubmitAsync_OneMoreJobThanCapacity_AtMostCapacityRunAndTheRestWait()
    {
        var count = Executor.Capacity + 1;
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await Host.Engine.SubmitAsync(Job(ContractTasks.Hold, HoldArgs($"j{i}")))).Id);
        }

        var arrived = await ReleaseOneByOneAsync(HandlersAtOnce, count);

        var done = await Host.Engine.WaitAsync(ids, ReturnWhen.AllCompleted, TestWait.Timeout);
        Assert.Empty(done.Pending);
        Assert.All(done.Done, job => Assert.Equal(JobState.Succeeded, job.State));
        AssertRanAtMost(HandlersAtOnce, arrived);
    }

    /// <summary>
    /// Waits for <paramref name="atOnce"/> handlers to arrive, then releases them one at a time, each
    /// release letting the next one in, until all <paramref name="count"/> have arrived and been released.
    /// </summary>
    private async Task<List<GateVisitor>> ReleaseOneByOneAsync(int atOnce, int count)
    {
        var arrived = await Gate.NextAsync(atOnce);
        var holding = new Queue<GateVisitor>(arrived);
        while (holding.TryDequeue(out var next))
        {
            next.Release();
            await next.Ended.Task.WaitAsync(TestWait.Timeout);
            if (arrived.Count < count)
            {
                var another = await Gate.NextAsync();
                arrived.Add(another);
                holding.Enqueue(another);
            }
        }

        return arrived;
    }

    /// <summary>At most <paramref name="atOnce"/> ran at once, and that many did; each later one started only after enough were released.</summary>
    private void AssertRanAtMost(int atOnce, List<GateVisitor> arrived)
    {
        Assert.True(atOnce == Gate.MaxRunning, $"Up to {Gate.MaxRunning} handlers ran at once; expected {atOnce}.");
        for (var i = atOnce; i < arrived.Count; i++)
        {
            Assert.True(
                arrived[i].ReleasesBefore >= i + 1 - atOnce,
                $"Handler {arrived[i].Name} (arrival {i + 1}) started after only {arrived[i].ReleasesBefore} releases; at most {atOnce} may run at once.");
        }
    }
}
