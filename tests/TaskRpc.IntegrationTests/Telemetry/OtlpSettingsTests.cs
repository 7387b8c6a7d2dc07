using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using TaskRpc.Server.Telemetry;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>The span batch sizes the server gives its OTLP trace exporter, and the standard variables that override them.</summary>
public sealed class OtlpSettingsTests
{
    [Fact]
    public void Apply_TracesWithoutBspVariables_RaisesQueueAndBatchSizes()
    {
        var exporter = new OtlpExporterOptions();

        Settings().Apply(exporter, "traces");

        Assert.Equal(OtlpSettings.SpanQueueSize, exporter.BatchExportProcessorOptions.MaxQueueSize);
        Assert.Equal(OtlpSettings.SpanBatchSize, exporter.BatchExportProcessorOptions.MaxExportBatchSize);
    }

    [Fact]
    public void Apply_TracesWithBspVariablesSet_KeepsTheExportersSizes()
    {
        var exporter = new OtlpExporterOptions();
        exporter.BatchExportProcessorOptions.MaxQueueSize = 1000;
        exporter.BatchExportProcessorOptions.MaxExportBatchSize = 100;

        Settings(("OTEL_BSP_MAX_QUEUE_SIZE", "1000"), ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "100")).Apply(exporter, "traces");

        Assert.Equal(1000, exporter.BatchExportProcessorOptions.MaxQueueSize);
        Assert.Equal(100, exporter.BatchExportProcessorOptions.MaxExportBatchSize);
    }

    [Fact]
    public void Apply_TracesWithOnlyASmallQueueSet_BatchFitsTheQueue()
    {
        var exporter = new OtlpExporterOptions();
        exporter.BatchExportProcessorOptions.MaxQueueSize = 1000;

        Settings(("OTEL_BSP_MAX_QUEUE_SIZE", "1000")).Apply(exporter, "traces");

        Assert.Equal(1000, exporter.BatchExportProcessorOptions.MaxQueueSize);
        Assert.Equal(1000, exporter.BatchExportProcessorOptions.MaxExportBatchSize);
    }

    private static OtlpSettings Settings(params (string Key, string Value)[] variables) => OtlpSettings.Read(new ConfigurationBuilder()
        .AddInMemoryCollection([new("Telemetry:OtlpEndpoint", "http://127.0.0.1:4317"), .. variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))])
        .Build());
}
