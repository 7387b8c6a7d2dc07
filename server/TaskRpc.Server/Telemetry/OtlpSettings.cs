using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace TaskRpc.Server.Telemetry;

/// <summary>The OTLP exporter settings from <see cref="TelemetryOptions"/>, shared by the server and its process-pool workers.</summary>
internal sealed class OtlpSettings
{
    private const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private readonly TelemetryOptions _options;

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
        return new OtlpSettings(options) { Enabled = options.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(configuration[StandardEndpoint]) };
    }

    /// <summary>Applies the endpoint, protocol and interval to an exporter of <paramref name="signal"/> (<c>traces</c> or <c>metrics</c>).</summary>
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

        if (_options.ExportInterval is { } interval)
        {
            exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)interval.TotalMilliseconds;
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
