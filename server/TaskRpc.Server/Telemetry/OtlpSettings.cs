using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace TaskRpc.Server.Telemetry;

/// <summary>The OTLP exporter settings from <see cref="TelemetryOptions"/>, shared by the server and its process-pool workers.</summary>
internal sealed class OtlpSettings
{
    /// <summary>
    /// The span batch queue unless <c>OTEL_BSP_MAX_QUEUE_SIZE</c> is set: OpenTelemetry's 2,048
    /// holds 30 ms of spans at 20,000 jobs/s (three spans a job), so an export thread held up that
    /// long (a GC, a busy machine) drops spans; 32,768 holds half a second (at most ~25 MB of
    /// finished spans while the collector is unreachable).
    /// </summary>
    public const int SpanQueueSize = 32_768;

    /// <summary>
    /// Spans per OTLP export unless <c>OTEL_BSP_MAX_EXPORT_BATCH_SIZE</c> is set: 4,096 (~1.2 MB
    /// of protobuf, under collectors' 4 MiB default request limit) instead of 512, eight times
    /// fewer posts.
    /// </summary>
    public const int SpanBatchSize = 4_096;

    private const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private readonly TelemetryOptions _options;
    private bool _queueSizeSet;
    private bool _batchSizeSet;

    private OtlpSettings(TelemetryOptions options) => _options = options;

    /// <summary>The options as configured (validated).</summary>
    public TelemetryOptions Options => _options;

    /// <summary>Whether spans and metrics go to an OTLP endpoint (ours, or the standard variable's).</summary>
    public bool Enabled { get; private init; }

    /// <summary>Reads the <c>Telemetry</c> section; <paramref name="switchKey"/> is where a worker finds <c>--otlp-endpoint</c> (its command line has no switch mappings).</summary>
    public static OtlpSettings Read(IConfiguration configuration, string? switchKey = null)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.OtlpEndpoint is null && switchKey is not null && configuration[switchKey] is { Length: > 0 } given)
        {
            options.OtlpEndpoint = Uri.TryCreate(given, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"--otlp-endpoint must be an absolute URL, not '{given}'.");
        }

        Validate(options);
        return new OtlpSettings(options)
        {
            Enabled = options.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(configuration[StandardEndpoint]),
            _queueSizeSet = !string.IsNullOrWhiteSpace(configuration["OTEL_BSP_MAX_QUEUE_SIZE"]),
            _batchSizeSet = !string.IsNullOrWhiteSpace(configuration["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"]),
        };
    }

    /// <summary>Applies the endpoint, protocol, interval and (for traces) batch sizes to an exporter of <paramref name="signal"/> (<c>traces</c> or <c>metrics</c>).</summary>
    public void Apply(OtlpExporterOptions exporter, string signal)
    {
        if (_options.OtlpProtocol is { } protocol)
        {
            exporter.Protocol = protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        }

        if (_options.OtlpEndpoint is { } endpoint)
        {
            // A programmatic endpoint is used as it is: for HTTP/protobuf the signal's path is ours to add.
            exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/v1/" + signal)
                : endpoint;
        }

        var batches = exporter.BatchExportProcessorOptions;
        if (_options.ExportInterval is { } interval)
        {
            batches.ScheduledDelayMilliseconds = (int)interval.TotalMilliseconds;
        }

        if (signal == "traces")
        {
            batches.MaxQueueSize = _queueSizeSet ? batches.MaxQueueSize : SpanQueueSize;
            batches.MaxExportBatchSize = Math.Min(_batchSizeSet ? batches.MaxExportBatchSize : SpanBatchSize, batches.MaxQueueSize);
        }
    }

    private static void Validate(TelemetryOptions options)
    {
        if (options.OtlpProtocol is not (null or "grpc" or "http/protobuf"))
        {
            throw new InvalidOperationException($"Telemetry:OtlpProtocol must be 'grpc' or 'http/protobuf', not '{options.OtlpProtocol}'.");
        }

        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            throw new InvalidOperationException($"Telemetry:TraceSampleRatio must be 0 to 1, not {options.TraceSampleRatio}.");
        }

        if (options.ExportInterval is { } interval && (interval < TimeSpan.FromMilliseconds(1) || interval > TimeSpan.FromHours(1)))
        {
            throw new InvalidOperationException($"Telemetry:ExportInterval must be 1 ms to 1 hour, not {interval}.");
        }

        if (options.OtlpEndpoint is { IsAbsoluteUri: false } relative)
        {
            throw new InvalidOperationException($"Telemetry:OtlpEndpoint must be an absolute URL, not '{relative}'.");
        }
    }
}
