using System.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Engine.Timing;

namespace TaskRpc.Engine.Tests.Timing;

public sealed class HighResolutionTimeProviderTests
{
    private static readonly HighResolutionTimeProvider Time = HighResolutionTimeProvider.Shared;

    [Fact]
    public async Task CreateTimer_ManyNearAndFar_EachFiresOnceAndNeverBeforeItsDueTime()
    {
        // Near ones go straight onto the heap; those beyond the hand-off wait on the system timer first.
        var dues = Enumerable.Range(0, 60).Select(i => TimeSpan.FromMilliseconds(i * 3 % 130)).ToArray();
        var created = new long[dues.Length];
        var fired = new long[dues.Length];
        var counts = new int[dues.Length];
        using var all = new CountdownEvent(dues.Length);
        var timers = new List<ITimer>();
        await Task.Delay(TimeSpan.FromMilliseconds(1), Time); // The timer thread is running: the timers below queue up behind one another.
        for (var i = 0; i < dues.Length; i++)
        {
            var index = i;
            created[i] = Stopwatch.GetTimestamp();
            timers.Add(Time.CreateTimer(_ =>
            {
                fired[index] = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref counts[index]);
                all.Signal();
            }, null, dues[i], Timeout.InfiniteTimeSpan));
        }

        Assert.True(await Task.Run(() => all.Wait(TestWait.Timeout)));
        for (var i = 0; i < dues.Length; i++)
        {
            var after = Stopwatch.GetElapsedTime(created[i], fired[i]);
            Assert.True(after >= dues[i], $"timer {i} (due {dues[i]}) fired after {after}");
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task TaskDelay_OnThisProvider_LastsAtLeastItsDelayAndHonoursCancellation()
    {
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromMilliseconds(15), Time);
        Assert.True(Stopwatch.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(15));

        using var cancel = new CancellationTokenSource();
        var hour = Task.Delay(TimeSpan.FromHours(1), Time, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hour.WaitAsync(TestWait.Timeout));
    }

    [Fact]
    public async Task Change_Periodic_FiresRepeatedlyUntilChangedToInfinite()
    {
        var ticks = 0;
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = Time.CreateTimer(_ =>
        {
            if (Interlocked.Increment(ref ticks) == 3)
            {
                three.TrySetResult();
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(5));

        await three.Task.WaitAsync(TestWait.Timeout);
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));

        // Callbacks already handed to the thread pool may still run (as with Timer: on a starved
        // pool, a backlog of them), so the count is taken once a later one-shot timer's callback,
        // queued behind them, has run; then it must not move while twelve more periods pass.
        var settled = await WitnessAsync(TimeSpan.FromMilliseconds(60), () => Volatile.Read(ref ticks));
        var later = await WitnessAsync(TimeSpan.FromMilliseconds(60), () => Volatile.Read(ref ticks));
        Assert.Equal(settled, later);
    }

    /// <summary>Reads <paramref name="read"/> in the callback of a one-shot timer due after <paramref name="due"/>.</summary>
    private static async Task<int> WitnessAsync(TimeSpan due, Func<int> read)
    {
        var seen = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var witness = Time.CreateTimer(_ => seen.TrySetResult(read()), null, due, Timeout.InfiniteTimeSpan);
        return await seen.Task.WaitAsync(TestWait.Timeout);
    }

    [Fact]
    public async Task Dispose_BeforeDue_CallbackNeverRunsAndChangeReturnsFalse()
    {
        var ran = false;
        // Due far enough ahead that a busy machine does not fire them before they are disposed.
        var timer = Time.CreateTimer(_ => ran = true, null, TimeSpan.FromMilliseconds(200), Timeout.InfiniteTimeSpan);
        var far = Time.CreateTimer(_ => ran = true, null, TimeSpan.FromMilliseconds(400), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        await far.DisposeAsync();

        // A later timer firing shows the earlier due times have passed on the same heap.
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var witness = Time.CreateTimer(_ => later.TrySetResult(), null, TimeSpan.FromMilliseconds(450), Timeout.InfiniteTimeSpan);
        await later.Task.WaitAsync(TestWait.Timeout);

        Assert.False(ran);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task DemoSleep_Steps_JobRunsAtLeastItsSecondsAndReportsEachStep()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.sleep", """{"seconds":0.06,"steps":6}"""));

        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Succeeded, done.State);
        Assert.True(done.FinishedAt - done.StartedAt >= TimeSpan.FromMilliseconds(60), $"ran {done.FinishedAt - done.StartedAt}");
        Assert.Equal(1.0, done.Progress!.Fraction);
        Assert.Equal("step 6 of 6", done.Progress.Message);
    }
}
