namespace TaskRpc.Client.Examples;

/// <summary>Blocking work on the server's thread pool beside CPU-bound work on its process pool.</summary>
public static class ThreadsAndProcessesExample
{
    public static async Task<(SleepResult Slept, CpuResult Computed)> RunAsync(TaskRpcClient client)
    {
        // <readme>
        var blocking = await client.SubmitAsync<SleepResult>("demo.blocking_sleep", new { seconds = 0.5, steps = 2 });
        var cpu = await client.SubmitAsync<CpuResult>("demo.cpu", new { n = 2_000_000 });
        SleepResult slept = await blocking; // ran on a pool thread
        CpuResult computed = await cpu;     // ran in a worker process
        Console.WriteLine($"slept {slept.Slept} s; process {computed.Pid} looped {computed.N} times");
        // </readme>
        return (slept, computed);
    }
}
