using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskRpc.IntegrationTests.Telemetry.Otlp;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>
/// A small OTLP/HTTP (protobuf) collector on 127.0.0.1: decodes the spans posted to
/// <c>/v1/traces</c> (from any process: the server and its workers) and counts the posts to
/// <c>/v1/metrics</c>, answering each with an empty export response.
/// </summary>
internal sealed class OtlpReceiver : SpanCollector, IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _metricPosts;
    private readonly TaskCompletionSource _metricsPosted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public int MetricPosts => Volatile.Read(ref _metricPosts);

    /// <summary>The resource attributes (service.name, taskrpc.role, ...) of each span id received.</summary>
    public Dictionary<string, Dictionary<string, object?>> Resources { get; } = [];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", receiver.ReceiveTracesAsync);
        app.MapPost("/v1/metrics", receiver.ReceiveMetrics);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Endpoint = new Uri($"http://127.0.0.1:{new Uri(bound).Port}");
        return receiver;
    }

    /// <summary>Waits until a metrics export has arrived; fails after 60 s.</summary>
    public Task WaitForMetricsAsync() => _metricsPosted.Task.WaitAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveTracesAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
        foreach (var resource in request.ResourceSpans)
        {
            var resourceTags = ToTags(resource.Resource?.Attributes ?? []);
            foreach (var span in resource.ScopeSpans.SelectMany(scope => scope.Spans))
            {
                var id = Convert.ToHexStringLower(span.SpanId.Span);
                lock (Resources)
                {
                    Resources[id] = resourceTags;
                }

                Add(new TestSpan(
                    span.Name,
                    Convert.ToHexStringLower(span.TraceId.Span),
                    id,
                    span.ParentSpanId.IsEmpty ? null : Convert.ToHexStringLower(span.ParentSpanId.Span),
                    ToTags(span.Attributes),
                    [.. span.Events.Select(e => new TestSpanEvent(e.Name, ToTags(e.Attributes)))],
                    span.Status?.Code == 2));
            }
        }

        http.Response.ContentType = "application/x-protobuf"; // An empty ExportTraceServiceResponse: all accepted.
    }

    private Task ReceiveMetrics(HttpContext http)
    {
        Interlocked.Increment(ref _metricPosts);
        _metricsPosted.TrySetResult();
        http.Response.ContentType = "application/x-protobuf";
        return Task.CompletedTask;
    }

    private static Dictionary<string, object?> ToTags(IEnumerable<KeyValue> attributes) => attributes.ToDictionary(
        a => a.Key,
        a => a.Value?.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => a.Value.StringValue,
            AnyValue.ValueOneofCase.IntValue => a.Value.IntValue,
            AnyValue.ValueOneofCase.BoolValue => a.Value.BoolValue,
            AnyValue.ValueOneofCase.DoubleValue => (object?)a.Value.DoubleValue,
            _ => null,
        });
}
