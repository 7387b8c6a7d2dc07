using System.Net;
using System.Text.RegularExpressions;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary><c>/metrics</c> on a real server's HTTP port, in Prometheus text format.</summary>
public sealed class PrometheusScrapeTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Metrics_AfterASubmit_CountsItInPrometheusTextFormat()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory");
        await server.Client.RunAsync("demo.echo", """{"x": 1}""");

        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{server.HttpPort}/metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(new Regex("""^# TYPE taskrpc_jobs_submitted_total counter$""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("""^taskrpc_jobs_submitted_total\{[^}]*task="demo\.echo"[^}]*\} 1( \d+)?$""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("""^taskrpc_jobs_completed_total\{[^}]*state="succeeded"[^}]*\} 1( \d+)?$""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("""^taskrpc_job_duration_seconds_count\{[^}]*executor="async"[^}]*task="demo\.echo"[^}]*\} 1( \d+)?$""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(""""^taskrpc_store_write_duration_seconds_bucket\{[^}]*operation="create"""", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Metrics_PrometheusOff_NotFound()
    {
        await using var server = await ServerProcess.StartAsync("--store", "memory", "--Telemetry:Prometheus=false");

        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{server.HttpPort}/metrics"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
