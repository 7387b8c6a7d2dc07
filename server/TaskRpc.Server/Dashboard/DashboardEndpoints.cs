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
    /// <summary>Maps the dashboard; with authentication on (<paramref name="authenticated"/>), its API requires a caller.</summary>
    public static RouteGroupBuilder MapTaskRpcDashboard(this IEndpointRouteBuilder endpoints, bool authenticated)
    {
        var dashboard = endpoints.MapGroup("/dashboard");
        dashboard.MapGet("/", static () => DashboardAssets.Serve("index.html")); // /dashboard and /dashboard/
        dashboard.MapGet("/app.js", static () => DashboardAssets.Serve("app.js"));
        dashboard.MapGet("/app.css", static () => DashboardAssets.Serve("app.css"));

        // Login and logout set and clear the cookie the API reads the caller's key or token from
        // (CredentialReader): pages and event streams cannot carry headers.
        dashboard.MapPost("/login", DashboardLogin.LogIn);
        dashboard.MapPost("/logout", DashboardLogin.LogOut);

        var api = dashboard.MapGroup("/api");
        if (authenticated)
        {
            api.RequireAuthorization();
        }

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
