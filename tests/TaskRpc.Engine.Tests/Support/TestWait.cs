namespace TaskRpc.Engine.Tests.Support;

/// <summary>Generous bounds for waits on real signals: a test that hits one has failed, never raced.</summary>
internal static class TestWait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        // Used only where no signal exists (e.g. a fake timer has been armed); yields, never sleeps a fixed time.
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Yield();
        }
    }
}
