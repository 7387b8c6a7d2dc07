namespace TaskRpc.Client.Examples;

/// <summary>asyncio.gather of three jobs.</summary>
public static class GatherExample
{
    public static async Task<SleepResult[]> RunAsync(TaskRpcClient client)
    {
        // <readme>
        RemoteJob<SleepResult>[] jobs =
        [
            await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 0.3 }),
            await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 0.2 }),
            await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 0.1 }),
        ];
        SleepResult[] results = await TaskRpcCombinators.WhenAll(jobs); // in order: 0.3, 0.2, 0.1
        Console.WriteLine(string.Join(", ", results.Select(r => r.Slept)));
        // </readme>
        return results;
    }
}
