using Microsoft.AspNetCore.Http;
using TaskRpc.Engine;
using TaskRpc.Engine.Stats;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Server.Dashboard.Model;

namespace TaskRpc.Server.Dashboard;

/// <summary>
/// The dashboard's JSON API, over the engine's public surface (<see cref="IJobEngine"/>) and
/// <see cref="EngineStats"/>. Every call is limited to <see cref="DashboardAccess.Scope"/>: a job
/// of another tenant answers 404 like a missing one. Actions need <see cref="DashboardAccess.MayAct"/>
/// (403 otherwise) and the header <c>X-TaskRpc-Dashboard</c> (400 otherwise), which a cross-site
/// form cannot send.
/// </summary>
internal static class DashboardApi
{
    public const string ActionHeader = "X-TaskRpc-Dashboard";

    public static IResult Session(HttpContext context) =>
        Results.Json(new SessionView(DashboardAccess.Scope(context), DashboardAccess.MayAct(context)), DashboardJson.Default.SessionView);

    public static IResult Overview(HttpContext context, DashboardOverview overview) =>
        Results.Json(overview.Get(DashboardAccess.Scope(context)), DashboardJson.Default.OverviewView);

    public static IResult Workers(HttpContext context, EngineStats stats)
    {
        IReadOnlyList<WorkerView> workers = DashboardAccess.Scope(context) is null
            ? [.. stats.Capture().Workers.Select(DashboardMapper.ToView)]
            : [];
        return Results.Json(workers, DashboardJson.Default.IReadOnlyListWorkerView);
    }

    public static async Task<IResult> ListJobs(HttpContext context, IJobEngine engine, string? state, string? task, string? pageToken, int? pageSize)
    {
        JobState? jobState = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problem(StatusCodes.Status400BadRequest, $"Unknown state '{state}': QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.");
            }

            jobState = parsed;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in context.Request.Query["label"])
        {
            var at = label?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (at <= 0)
            {
                return Problem(StatusCodes.Status400BadRequest, $"A label filter is KEY=VALUE, not '{label}'.");
            }

            labels[label![..at]] = label[(at + 1)..];
        }

        var filter = new JobFilter
        {
            State = jobState,
            Task = string.IsNullOrEmpty(task) ? null : task,
            Labels = labels.Count == 0 ? null : labels,
            Tenant = DashboardAccess.Scope(context),
        };
        return await Call(async () =>
        {
            var page = await engine.ListAsync(filter, pageSize ?? 25, string.IsNullOrEmpty(pageToken) ? null : pageToken, context.RequestAborted).ConfigureAwait(false);
            var view = new JobPageView([.. page.Jobs.Select(DashboardMapper.ToView)], page.NextPageToken);
            return Results.Json(view, DashboardJson.Default.JobPageView);
        }).ConfigureAwait(false);
    }

    public static Task<IResult> GetJob(HttpContext context, IJobEngine engine, string id) => Call(async () =>
    {
        var job = await FindAsync(context, engine, id).ConfigureAwait(false);
        return Results.Json(DashboardMapper.ToView(job), DashboardJson.Default.JobView);
    });

    public static Task<IResult> Cancel(HttpContext context, IJobEngine engine, string id) => Act(context, async () =>
    {
        await FindAsync(context, engine, id).ConfigureAwait(false);
        var result = await engine.CancelAsync(id, "Cancelled from the dashboard.", context.RequestAborted).ConfigureAwait(false);
        return new ActionResultView(DashboardMapper.ToView(result.Job), result.Cancelled);
    });

    public static Task<IResult> Resubmit(HttpContext context, IJobEngine engine, string id) => Act(context, async () =>
    {
        var job = await FindAsync(context, engine, id).ConfigureAwait(false);
        if (job.State is not (JobState.Failed or JobState.Cancelled))
        {
            throw new InvalidSubmissionException($"Only a FAILED or CANCELLED job can be re-submitted; job {id} is {DashboardMapper.Name(job.State)}.");
        }

        var created = await engine.SubmitAsync(
            new JobSubmission
            {
                Task = job.Task,
                Args = job.Args,
                Labels = job.Labels,
                Priority = job.Priority,
                Retry = job.Retry,
                ExecutionTimeout = job.ExecutionTimeout,
                Tenant = job.Tenant,
            },
            context.RequestAborted).ConfigureAwait(false);
        return new ActionResultView(DashboardMapper.ToView(created), true);
    });

    /// <summary>The job, if the caller's scope sees it; else <see cref="JobNotFoundException"/>.</summary>
    internal static async Task<JobSnapshot> FindAsync(HttpContext context, IJobEngine engine, string id)
    {
        var job = await engine.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        return DashboardAccess.CanSee(DashboardAccess.Scope(context), job.Tenant) ? job : throw new JobNotFoundException(id);
    }

    private static async Task<IResult> Act(HttpContext context, Func<Task<ActionResultView>> action)
    {
        if (!context.Request.Headers.ContainsKey(ActionHeader))
        {
            return Problem(StatusCodes.Status400BadRequest, $"Actions need the header {ActionHeader}.");
        }

        if (!DashboardAccess.MayAct(context))
        {
            return Problem(StatusCodes.Status403Forbidden, "This dashboard is read-only for you.");
        }

        return await Call(async () => Results.Json(await action().ConfigureAwait(false), DashboardJson.Default.ActionResultView)).ConfigureAwait(false);
    }

    private static async Task<IResult> Call(Func<Task<IResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TaskRpcException error)
        {
            return Problem(StatusOf(error.Kind), error.Message);
        }
    }

    internal static int StatusOf(TaskRpcErrorKind kind) => kind switch
    {
        TaskRpcErrorKind.NotFound => StatusCodes.Status404NotFound,
        TaskRpcErrorKind.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        TaskRpcErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    internal static IResult Problem(int status, string message) =>
        Results.Json(new ProblemView(message), DashboardJson.Default.ProblemView, statusCode: status);
}
