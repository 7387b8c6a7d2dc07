using System.Diagnostics;
using TaskRpc.Contracts.V1;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>
/// Progress fan-out: jobs of demo.sleep that report progress at every step, each followed by
/// StreamProgress subscribers from sequence 0 to the terminal event. Reports the events delivered
/// to all subscribers per second over the span from the first to the last event.
/// </summary>
internal static class FanoutBench
{
    public static async Task<IEnumerable<KeyValuePair<string, object>>> RunAsync(
        TaskServiceClient client, string name, int jobs, int subscribersPerJob, double seconds, int steps)
    {
        var args = FormattableString.Invariant($"{{\"seconds\":{seconds},\"steps\":{steps}}}");
        var ids = new List<string>(jobs);
        var submits = Enumerable.Range(0, jobs).Select(_ => TaskCalls.SubmitAsync(client, TaskCalls.Request("demo.sleep", args, wait: false)));
        foreach (var job in await Task.WhenAll(submits).ConfigureAwait(false))
        {
            ids.Add(job.Id);
        }

        var clock = Stopwatch.StartNew();
        var subscribers = ids.SelectMany(id => Enumerable.Range(0, subscribersPerJob).Select(_ => Task.Run(() => SubscribeAsync(client, id, clock))));
        var results = await Task.WhenAll(subscribers).ConfigureAwait(false);
        var events = results.Sum(r => r.Events);
        var progress = results.Sum(r => r.Progress);
        var first = results.Min(r => r.First);
        var last = results.Max(r => r.Last);
        var span = (last - first).TotalSeconds;
        var complete = results.Count(r => r.SawTerminal);
        Console.Error.WriteLine(FormattableString.Invariant(
            $"{name}: {jobs} jobs x {subscribersPerJob} subscribers: {events} events ({progress} progress) in {span:F2} s = {events / span:F0}/s; {complete} streams complete"));
        return
        [
            new("name", name),
            new("jobs", jobs),
            new("subscribers_per_job", subscribersPerJob),
            new("steps", steps),
            new("events", events),
            new("progress_events", progress),
            new("seconds", Math.Round(span, 3)),
            new("events_per_second", Math.Round(events / span, 1)),
            new("complete_streams", complete),
            new("streams", results.Length),
        ];
    }

    private static async Task<SubscriberCount> SubscribeAsync(TaskServiceClient client, string id, Stopwatch clock)
    {
        using var call = client.StreamProgress(new StreamProgressRequest { Id = id });
        long events = 0, progress = 0;
        TimeSpan first = TimeSpan.MaxValue, last = TimeSpan.Zero;
        var terminal = false;
        while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
        {
            var now = clock.Elapsed;
            if (events == 0)
            {
                first = now;
            }

            last = now;
            events++;
            var e = call.ResponseStream.Current;
            if (e.EventCase == JobEvent.EventOneofCase.Progress)
            {
                progress++;
            }
            else if (e.StateChange.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled)
            {
                terminal = true;
            }
        }

        return new SubscriberCount(events, progress, first, last, terminal);
    }
}
