namespace TaskRpc.Server.Telemetry;

/// <summary>
/// Exporting the engine's traces and metrics with OpenTelemetry: configuration section
/// <c>Telemetry</c>, and <c>--otlp-endpoint</c>. With no OTLP endpoint (here or in
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) nothing is traced: no tracer provider exists and the
/// engine's spans cost one check each.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>
    /// The OTLP collector to export traces and metrics to, e.g. <c>http://localhost:4317</c> (gRPC)
    /// or <c>http://localhost:4318</c> (HTTP/protobuf; the <c>/v1/traces</c> and <c>/v1/metrics</c>
    /// paths are added). Default none: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> when set, else no OTLP export.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// The OTLP protocol: <c>grpc</c> or <c>http/protobuf</c>. Default none: the standard
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> when set, else gRPC.
    /// </summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>Serve the metrics in Prometheus text format at <c>/metrics</c> on the HTTP port. Default true.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// The fraction (0 to 1) of new traces recorded when an OTLP endpoint is set; a caller's
    /// sampling decision (the traceparent's sampled flag) is always followed. Default 1.0.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>
    /// How often OTLP exports: the longest a finished span waits in its batch, and the metrics'
    /// export interval. Default none: OpenTelemetry's defaults (5 s for spans, 60 s for metrics).
    /// </summary>
    public TimeSpan? ExportInterval { get; set; }
}
