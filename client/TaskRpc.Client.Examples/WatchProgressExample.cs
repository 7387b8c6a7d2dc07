using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Examples;

/// <summary>Watching a job's progress: as a stream of events, and through IProgress.</summary>
public static class WatchProgressExample
{
    public static async Task<(List<JobEvent> Events, SleepResult Result)> RunAsync(TaskRpcClient client)
    {
        List<JobEvent> events = [];
        // <readme>
        var job = await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 1, steps = 4 });
        await foreach (JobEvent e in job.WatchAsync()) // resumes by itself after a reconnect
        {
            events.Add(e);
            Console.WriteLine(e.Progress is { } p ? $"#{e.Sequence} {p.Fraction:P0} {p.Message}" : $"#{e.Sequence} {e.StateChange.State}");
        }

        var again = await client.SubmitAsync<SleepResult>("demo.sleep", new { seconds = 0.4, steps = 2 });
        SleepResult result = await again.GetResultAsync(new Progress<Progress>(p => Console.WriteLine($"{p.Fraction:P0}")));
        // </readme>
        return (events, result);
    }
}
