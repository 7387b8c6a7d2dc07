using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TaskRpc.Server.Dashboard;

/// <summary>
/// Maps the dashboard under <c>/dashboard</c>: the page and its files, and the JSON API under
/// <c>/dashboard/api</c> (overview, jobs, one job, workers, session; server-sent event streams
/// of the overview and of a job's events; POST actions cancel and resubmit).
/// </summary>
internal static class DashboardEndpoints
{
    public static RouteGroupBuilder MapTaskRpcDashboard(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapGroup("/dashboard");
        dashboard.MapGet("/", static () => DashboardAssets.Serve("index.html")); // /dashboard and /dashboard/
        dashboard.MapGet("/app.js", static () => DashboardAssets.Serve("app.js"));
        dashboard.MapGet("/app.css", static () => DashboardAssets.Serve("app.css"));

        var api = dashboard.MapGroup("/api");
        api.MapGet("/session", DashboardApi.Session);
        api.MapGet("/overview", DashboardApi.Overview);
        api.MapGet("/overview/stream", DashboardStreams.Overview);
        api.MapGet("/jobs", DashboardApi.ListJobs);
        api.MapGet("/jobs/{id}", DashboardApi.GetJob);
        api.MapGet("/jobs/{id}/events", DashboardStreams.JobEvents);
        api.MapGet("/workers", DashboardApi.Workers);
        api.MapPost("/jobs/{id}/cancel", DashboardApi.Cancel);
        api.MapPost("/jobs/{id}/resubmit", DashboardApi.Resubmit);
        return dashboard;
    }
}
