using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TaskRpc.Engine;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Server.Dashboard;

/// <summary>
/// The dashboard's live updates as server-sent events (<c>text/event-stream</c>): the overview once
/// per <see cref="OverviewPeriod"/>, and a job's events as the engine publishes them.
/// </summary>
internal static class DashboardStreams
{
    /// <summary>How often an open overview gets a new frame.</summary>
    public static readonly TimeSpan OverviewPeriod = TimeSpan.FromSeconds(1);

    public static IResult Overview(HttpContext context, DashboardOverview overview, TimeProvider time) =>
        TypedResults.ServerSentEvents(OverviewFrames(DashboardAccess.Scope(context), overview, time, context.RequestAborted));

    /// <summary>
    /// <c>job</c> (the job as it is), then an <c>event</c> for each of its events from the first (or
    /// after <c>Last-Event-ID</c> on a reconnect), and when the job has ended <c>job</c> again and
    /// <c>end</c>, after which the page closes the stream.
    /// </summary>
    public static async Task<IResult> JobEvents(HttpContext context, IJobEngine engine, string id)
    {
        JobSnapshot job;
        try
        {
            job = await DashboardApi.FindAsync(context, engine, id).ConfigureAwait(false);
        }
        catch (TaskRpcException error)
        {
            return DashboardApi.Problem(DashboardApi.StatusOf(error.Kind), error.Message);
        }

        var from = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last + 1 : 0;
        return TypedResults.ServerSentEvents(JobFrames(engine, job, from, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> OverviewFrames(string? scope, DashboardOverview overview, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(OverviewPeriod, time);
        do
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(overview.Get(scope), DashboardJson.Default.OverviewView), "overview");
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async IAsyncEnumerable<SseItem<string>> JobFrames(IJobEngine engine, JobSnapshot job, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return JobItem(job);
        await foreach (var jobEvent in engine.SubscribeAsync(job.Id, from, cancellationToken).ConfigureAwait(false))
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(DashboardMapper.ToView(jobEvent), DashboardJson.Default.EventView), "event")
            {
                EventId = jobEvent.Sequence.ToString(CultureInfo.InvariantCulture),
            };
            if (jobEvent.IsTerminal)
            {
                yield return JobItem(await engine.GetAsync(job.Id, cancellationToken).ConfigureAwait(false));
                yield return new SseItem<string>("{}", "end");
            }
        }
    }

    private static SseItem<string> JobItem(JobSnapshot job) =>
        new(JsonSerializer.Serialize(DashboardMapper.ToView(job), DashboardJson.Default.JobView), "job");

    private static async ValueTask<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false; // The page went away.
        }
    }
}
