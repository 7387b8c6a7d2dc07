using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Examples;

/// <summary>asyncio.wait(FIRST_COMPLETED) with a timeout.</summary>
public static class WaitFirstCompletedExample
{
    public static async Task<(int Done, int Pending)> RunAsync(TaskRpcClient client)
    {
        // <readme>
        var slow = await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 30 });
        var fast = await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 0.2 });
        var (done, pending) = await TaskRpcCombinators.WaitAsync(
            [slow, fast], ReturnWhen.FirstCompleted, timeout: TimeSpan.FromSeconds(5));
        Console.WriteLine($"done: {done.Count}, pending: {pending.Count}"); // done: 1, pending: 1
        foreach (var job in pending)
        {
            await job.CancelAsync();
        }
        // </readme>
        return (done.Count, pending.Count);
    }
}
