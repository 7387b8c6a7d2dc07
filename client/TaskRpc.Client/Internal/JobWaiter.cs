using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>asyncio.wait over the server's Wait RPC: one long-polling call for many jobs.</summary>
internal static class JobWaiter
{
    public static async Task<(IReadOnlyList<TJob> Done, IReadOnlyList<TJob> Pending)> WaitAsync<TJob>(
        IReadOnlyList<TJob> jobs, ReturnWhen returnWhen, TimeSpan? timeout, CancellationToken cancellationToken)
        where TJob : RemoteJob
    {
        if (timeout is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero, nameof(timeout));
        }

        var started = Stopwatch.GetTimestamp();
        var client = jobs.Count > 0 ? jobs[0].Client : null;
        var asked = false;
        while (client is not null && !IsSatisfied(jobs, returnWhen))
        {
            var remaining = timeout is { } total ? total - Stopwatch.GetElapsedTime(started) : TaskRpcClient.LongPoll;
            if (asked && remaining <= TimeSpan.Zero)
            {
                break;
            }

            var slice = remaining < TaskRpcClient.LongPoll ? (remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining) : TaskRpcClient.LongPoll;
            var request = new WaitJobsRequest
            {
                ReturnWhen = returnWhen,
                Timeout = Duration.FromTimeSpan(slice),
            };
            request.Ids.AddRange(jobs.Where(job => job.Terminal is null).Select(job => job.Id).Distinct(StringComparer.Ordinal));
            var response = await client.Caller.CallWithRetryAsync(TaskServiceMethods.Wait, request, slice, cancellationToken).ConfigureAwait(false);
            Observe(jobs, response);
            asked = true;
        }

        return (OrderByFinish(jobs.Where(job => job.Terminal is not null)), jobs.Where(job => job.Terminal is null).ToList());
    }

    /// <summary>Jobs that have ended, earliest finish first (request order among equal times).</summary>
    public static List<TJob> OrderByFinish<TJob>(IEnumerable<TJob> done)
        where TJob : RemoteJob =>
        done.OrderBy(job => job.Terminal?.FinishTime?.ToDateTime() ?? DateTime.MaxValue).ToList();

    private static bool IsSatisfied<TJob>(IReadOnlyList<TJob> jobs, ReturnWhen returnWhen)
        where TJob : RemoteJob => returnWhen switch
        {
            ReturnWhen.FirstCompleted => jobs.Count == 0 || jobs.Any(job => job.Terminal is not null),
            ReturnWhen.FirstException => jobs.All(job => job.Terminal is not null)
                || jobs.Any(job => job.Terminal is { } end && JobStates.IsException(end.State)),
            _ => jobs.All(job => job.Terminal is not null),
        };

    private static void Observe<TJob>(IReadOnlyList<TJob> jobs, WaitJobsResponse response)
        where TJob : RemoteJob
    {
        var byId = response.Done.Concat(response.Pending).ToDictionary(job => job.Id, StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (byId.TryGetValue(job.Id, out var snapshot))
            {
                job.Observe(snapshot);
            }
        }
    }
}
