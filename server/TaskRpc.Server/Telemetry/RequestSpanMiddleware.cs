using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace TaskRpc.Server.Telemetry;

/// <summary>
/// First in the pipeline when spans are exported: a request that is not a gRPC call (the HTTP
/// port's dashboard, scrapes, probes) gets its request span named <c>METHOD /path</c> with
/// <c>http.request.method</c>, <c>url.path</c> and <c>http.response.status_code</c> (error status
/// on 5xx); scrapes of <c>/metrics</c> and <c>/healthz</c> probes are not recorded at all. A gRPC
/// call passes straight through (<see cref="RequestSpanProcessor"/> completes its span).
/// </summary>
internal sealed class RequestSpanMiddleware : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(Invoke);
        next(app);
    };

    private static Task Invoke(HttpContext context, RequestDelegate next)
    {
        if (Activity.Current is not { Recorded: true, Kind: ActivityKind.Server } span || span.Source.Name != RequestSpanProcessor.HostingSource
            || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            return next(context);
        }

        if (TelemetryRegistration.IsScrapeOrProbe(context))
        {
            span.IsAllDataRequested = false;
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return next(context);
        }

        return HttpRequestAsync(span, context, next);
    }

    private static async Task HttpRequestAsync(Activity span, HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        span.DisplayName = request.Method + " " + request.Path.Value;
        span.SetTag("http.request.method", request.Method).SetTag("url.path", request.Path.Value);
        await next(context).ConfigureAwait(false);
        var status = context.Response.StatusCode;
        span.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }
    }
}
