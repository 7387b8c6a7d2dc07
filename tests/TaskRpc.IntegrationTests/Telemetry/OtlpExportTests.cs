using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.IntegrationTests.Processes;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>
/// A real server process with <c>--otlp-endpoint</c> exporting OTLP/HTTP to a receiver in the
/// test: the server's spans and its process-pool worker's handler span arrive as one trace under
/// the test's client span, the request span named by its gRPC method with the rpc.* attributes, a
/// dashboard request named by its path with its status code, none for scrapes and probes, and
/// metrics are exported too.
/// </summary>
[Collection(ProcessPoolSerial.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task ProcessPoolJob_ServerAndWorkerExportOneTraceUnderTheClientSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var clientSpans = new SpanRecorder();
        await using var server = await ServerProcess.StartAsync(
            "--store", "memory",
            "--Engine:Processes:Size=1",
            "--otlp-endpoint", receiver.Endpoint.ToString(),
            "--Telemetry:OtlpProtocol=http/protobuf",
            "--Telemetry:ExportInterval=00:00:00.200");

        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") })
        {
            // Scrapes and probes made before the job: their spans, if any, would be exported before the job's.
            Assert.True((await http.GetAsync(new Uri("/metrics", UriKind.Relative))).IsSuccessStatusCode);
            Assert.True((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode);
            Assert.True((await http.GetAsync(new Uri("/dashboard", UriKind.Relative))).IsSuccessStatusCode);
        }

        string traceId, clientSpanId;
        Job job;
        using (var client = SpanRecorder.StartClientSpan("test.submit"))
        {
            (traceId, clientSpanId) = (client.TraceId.ToHexString(), client.SpanId.ToHexString());
            job = await server.Client.RunAsync("demo.cpu", """{"n": 1000}""");
        }

        Assert.Equal(JobState.Succeeded, job.State);
        var exported = await receiver.WaitForTraceAsync(
            traceId,
            t => TraceShape.Has(t, "taskrpc.handler") && TraceShape.Has(t, "taskrpc.attempt") && TraceShape.HasServerSpan(t),
            "the server's spans and the worker's handler span");
        var trace = exported.Concat(clientSpans.Trace(traceId)).ToList();
        TraceShape.AssertJobTrace(trace, clientSpanId, job.Id, attempts: 1, inWorker: true);

        var request = Assert.Single(trace, TraceShape.IsServerSpan);
        Assert.Equal("taskrpc.v1.TaskService/Submit", request.Name);
        Assert.Equal("grpc", request.Tag("rpc.system"));
        Assert.Equal("taskrpc.v1.TaskService", request.Tag("rpc.service"));
        Assert.Equal("Submit", request.Tag("rpc.method"));
        Assert.Equal(0L, Convert.ToInt64(request.Tag("rpc.grpc.status_code")));
        Assert.Null(request.Tag("grpc.method")); // grpc-dotnet's own tags give way to the conventions' names.
        Assert.Null(request.Tag("grpc.status_code"));
        Assert.False(request.IsError);
        Assert.Equal("demo.cpu", request.Tag("taskrpc.task"));
        Assert.Equal("processes", request.Tag("taskrpc.executor"));
        var dashboard = Assert.Single(receiver.All(), s => s.Tag("url.path") is "/dashboard");
        Assert.Equal("GET /dashboard", dashboard.Name);
        Assert.Equal(200L, Convert.ToInt64(dashboard.Tag("http.response.status_code")));
        Assert.DoesNotContain(receiver.All(), s => s.Tag("url.path") is "/metrics" or "/healthz" || s.Name.Contains("/metrics", StringComparison.Ordinal) || s.Name.Contains("/healthz", StringComparison.Ordinal));

        var handler = TraceShape.Single(trace, "taskrpc.handler", job.Id);
        var workerPid = JsonPayload.ResultOf(job).GetProperty("pid").GetInt32();
        Assert.Equal((long)workerPid, Convert.ToInt64(handler.Tag("taskrpc.worker.pid")));
        Assert.NotEqual(server.Pid, workerPid);
        lock (receiver.Resources)
        {
            Assert.Equal("worker", receiver.Resources[handler.SpanId].GetValueOrDefault("taskrpc.role"));
            Assert.Equal("taskrpc", receiver.Resources[TraceShape.SubmitSpan(trace, job.Id).SpanId]["service.name"]);
        }

        await receiver.WaitForMetricsAsync();
        Assert.True(receiver.MetricPosts > 0);
    }

    [Fact]
    public async Task SubmitPastItsDeadline_RequestSpanHasGrpcStatusCodeAndErrorStatusForDeadlineExceeded()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var clientSpans = new SpanRecorder();
        await using var server = await ServerProcess.StartAsync(
            "--store", "memory",
            "--otlp-endpoint", receiver.Endpoint.ToString(),
            "--Telemetry:OtlpProtocol=http/protobuf",
            "--Telemetry:ExportInterval=00:00:00.200");
        var service = new TaskService.TaskServiceClient(server.Channel);

        string traceId;
        using (var client = SpanRecorder.StartClientSpan("test.submit"))
        {
            traceId = client.TraceId.ToHexString();
            var call = service.SubmitAsync(
                new SubmitRequest { Task = "demo.sleep", Args = JsonPayload.From("""{"seconds": 30}"""), Wait = true },
                deadline: DateTime.UtcNow.AddMilliseconds(500));
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        }

        var exported = await receiver.WaitForTraceAsync(traceId, t => t.Any(s => TraceShape.IsServerSpan(s) && s.Tag("rpc.grpc.status_code") is not null), "the request span with its status");
        var request = Assert.Single(exported, TraceShape.IsServerSpan);
        Assert.Equal("taskrpc.v1.TaskService/Submit", request.Name);
        // The server ends the call DEADLINE_EXCEEDED unless the client's own deadline reset the stream
        // first (then grpc-dotnet records CANCELLED or UNKNOWN): DEADLINE_EXCEEDED and UNKNOWN are
        // server-side errors, CANCELLED is the caller's doing.
        var status = Convert.ToInt64(request.Tag("rpc.grpc.status_code"));
        Assert.Contains(status, new[] { 4L, 2L, 1L });
        Assert.Equal(status is 4 or 2, request.IsError);
    }
}
