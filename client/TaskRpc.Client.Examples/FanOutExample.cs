namespace TaskRpc.Client.Examples;

/// <summary>The semaphore pattern: 600 jobs, at most 50 in flight.</summary>
public static class FanOutExample
{
    public static async Task<Number[]> RunAsync(TaskRpcClient client)
    {
        // <readme>
        var inputs = Enumerable.Range(0, 600).Select(n => new Number(n));
        Number[] echoed = await client.MapAsync<Number, Number>("demo.echo", inputs, maxConcurrency: 50);
        Console.WriteLine($"{echoed.Length} results, in input order: {echoed[0].N}..{echoed[^1].N}");
        // </readme>
        return echoed;
    }
}
