namespace TaskRpc.Tests.Shared;

/// <summary>
/// Waits for a condition that no event announces (a process table, a store's counters): looks at it
/// every <c>interval</c> until it holds, and fails the test after <c>timeout</c>.
/// </summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan interval, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var ticks = new PeriodicTimer(interval);
        while (!condition())
        {
            try
            {
                await ticks.WaitForNextTickAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {timeout} waiting until {what}.");
            }
        }
    }
}
