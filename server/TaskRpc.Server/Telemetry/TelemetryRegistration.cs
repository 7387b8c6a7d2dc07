using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TaskRpc.Engine.Diagnostics;

namespace TaskRpc.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server (<see cref="TelemetryOptions"/>): the meter <c>TaskRpc.Engine</c>
/// to Prometheus (<c>/metrics</c> on the HTTP port, on by default) and to OTLP; the spans of
/// <c>TaskRpc.Engine</c> and ASP.NET Core's request spans (<see cref="RequestSpanProcessor"/>,
/// <see cref="RequestSpanMiddleware"/>) to OTLP, only when an endpoint is set. With neither,
/// no provider is registered at all. Process-pool workers export their handler spans themselves
/// (<see cref="StartWorkerTracing"/>).
/// </summary>
internal static class TelemetryRegistration
{
    public const string ServiceName = "taskrpc";
    private const string MetricsPath = "/metrics";

    /// <summary>The key <c>--otlp-endpoint</c> lands on in a worker, whose command line has no switch mappings.</summary>
    private const string WorkerSwitchKey = "otlp-endpoint";

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var settings = OtlpSettings.Read(configuration);
        var options = settings.Options;
        services.AddSingleton(settings);
        if (!settings.Enabled && !options.Prometheus)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(EngineMetrics.MeterName);
            if (options.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }

            if (settings.Enabled)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    settings.Apply(exporter, "metrics");
                    if (options.ExportInterval is { } interval)
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                    }
                });
            }
        });
        if (settings.Enabled)
        {
            // The request span is ASP.NET Core's own (no OpenTelemetry.Instrumentation.AspNetCore and its
            // DiagnosticListener callbacks per request), completed by RequestSpanProcessor before the exporter.
            telemetry.WithTracing(tracing => tracing
                .AddSource(JobTracing.SourceName)
                .AddSource(RequestSpanProcessor.HostingSource)
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                .AddProcessor(new RequestSpanProcessor())
                .AddOtlpExporter(exporter => settings.Apply(exporter, "traces")));
            services.AddTransient<IStartupFilter, RequestSpanMiddleware>();
        }
    }

    /// <summary>Maps <c>/metrics</c> into the HTTP port's <paramref name="group"/> when Prometheus is on.</summary>
    public static void MapMetrics(IEndpointRouteBuilder group)
    {
        if (group.ServiceProvider.GetService<OtlpSettings>() is { Options.Prometheus: true })
        {
            group.MapPrometheusScrapingEndpoint(MetricsPath);
        }
    }

    /// <summary>
    /// In a process-pool worker: a tracer provider exporting the worker's handler spans to the
    /// server's OTLP endpoint (its configuration comes from the server's command line), or null
    /// when none is set. Dispose it when the worker ends: that flushes the last spans.
    /// </summary>
    public static TracerProvider? StartWorkerTracing(IConfiguration configuration)
    {
        var settings = OtlpSettings.Read(configuration, WorkerSwitchKey);
        if (!settings.Enabled)
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(ServiceName).AddAttributes([new("taskrpc.role", "worker")]))
            .AddSource(JobTracing.SourceName)
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.Options.TraceSampleRatio)))
            .AddOtlpExporter(exporter => settings.Apply(exporter, "traces"))
            .Build();
    }

    /// <summary>Whether <paramref name="http"/> is a <c>/metrics</c> scrape or a <c>/healthz</c> probe (never traced).</summary>
    public static bool IsScrapeOrProbe(HttpContext http) =>
        http.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal) || http.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal);
}
