namespace TaskRpc.Client.Examples;

/// <summary>Cancelling a job: directly, and by cancelling an await (asyncio.wait_for).</summary>
public static class CancelExample
{
    public static async Task<(bool Cancelled, Contracts.V1.JobState State, Contracts.V1.JobState TimedOutState)> RunAsync(TaskRpcClient client)
    {
        // <readme>
        var job = await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 60 });
        bool cancelled = await job.CancelAsync(); // false if it had already ended
        try
        {
            await job;
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"cancelled: {cancelled}, state: {job.State}"); // cancelled: True, state: Cancelled
        }

        // asyncio.wait_for: give up after 1 s and cancel the remote job too.
        var slow = await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 60 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await slow.GetResultAsync(cancelRemoteJob: true, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"timed out; the job is {(await slow.WaitAsync()).State}"); // Cancelled
        }
        // </readme>
        return (cancelled, job.State, slow.State);
    }
}
