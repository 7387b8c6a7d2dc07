using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>
/// asyncio.wait over the server's Wait RPC: one long-polling call for many jobs, or, above the
/// RPC's limit of ids per call, one concurrent call per chunk of ids.
/// </summary>
internal static class JobWaiter
{
    /// <summary>The most ids the server's Wait takes in one call (taskrpc.v1 WaitJobsRequest.ids).</summary>
    public const int MaxIdsPerCall = 10_000;

    public static Task<(IReadOnlyList<TJob> Done, IReadOnlyList<TJob> Pending)> WaitAsync<TJob>(
        IReadOnlyList<TJob> jobs, ReturnWhen returnWhen, TimeSpan? timeout, CancellationToken cancellationToken)
        where TJob : RemoteJob =>
        WaitAsync(jobs, returnWhen, timeout, MaxIdsPerCall, cancellationToken);

    /// <summary>As above, with at most <paramref name="idsPerCall"/> ids per Wait call (tests make it small).</summary>
    public static async Task<(IReadOnlyList<TJob> Done, IReadOnlyList<TJob> Pending)> WaitAsync<TJob>(
        IReadOnlyList<TJob> jobs, ReturnWhen returnWhen, TimeSpan? timeout, int idsPerCall, CancellationToken cancellationToken)
        where TJob : RemoteJob
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(idsPerCall);
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
            var ids = jobs.Where(job => job.Terminal is null).Select(job => job.Id).Distinct(StringComparer.Ordinal);
            await AskAsync(client, jobs, ids.Chunk(idsPerCall), returnWhen, slice, cancellationToken).ConfigureAwait(false);
            asked = true;
        }

        return (OrderByFinish(jobs.Where(job => job.Terminal is not null)), jobs.Where(job => job.Terminal is null).ToList());
    }

    /// <summary>
    /// One Wait call per chunk of ids (usually one), all at once. Each answer is observed as it
    /// comes; once the jobs as a whole satisfy <paramref name="returnWhen"/> the calls still out
    /// are cancelled (a chunk's FIRST_COMPLETED answer may satisfy the whole, its ALL_COMPLETED
    /// answer only its part).
    /// </summary>
    private static async Task AskAsync<TJob>(
        TaskRpcClient client, IReadOnlyList<TJob> jobs, IEnumerable<string[]> chunks, ReturnWhen returnWhen, TimeSpan slice, CancellationToken cancellationToken)
        where TJob : RemoteJob
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var calls = chunks.Select(chunk =>
        {
            var request = new WaitJobsRequest { ReturnWhen = returnWhen, Timeout = Duration.FromTimeSpan(slice) };
            request.Ids.AddRange(chunk);
            return client.Caller.CallWithRetryAsync(ServiceMethods.Wait, request, slice, stop.Token);
        }).ToList();
        try
        {
            while (calls.Count > 0)
            {
                var answered = await Task.WhenAny(calls).ConfigureAwait(false);
                calls.Remove(answered);
                Observe(jobs, await answered.ConfigureAwait(false));
                if (IsSatisfied(jobs, returnWhen))
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await ((Task)Task.WhenAll(calls)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
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
