namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>Assertions on the shape of one job's trace.</summary>
internal static class TraceShape
{
    /// <summary>The server's request span: its operation name in process, its display name ("taskrpc.v1.TaskService/Submit") through OTLP.</summary>
    public static bool IsServerSpan(TestSpan span) =>
        span.Name == "Microsoft.AspNetCore.Hosting.HttpRequestIn" || span.Name.StartsWith("taskrpc.v1.TaskService/", StringComparison.Ordinal);

    public static bool HasServerSpan(IReadOnlyList<TestSpan> trace) => trace.Any(IsServerSpan);

    /// <summary>The one span named <paramref name="name"/> of job <paramref name="jobId"/>.</summary>
    public static TestSpan Single(IReadOnlyList<TestSpan> trace, string name, string jobId) =>
        Assert.Single(trace, s => s.Name == name && Equals(s.Tag("taskrpc.job.id"), jobId));

    public static bool Has(IReadOnlyList<TestSpan> trace, string name, int count = 1) => trace.Count(s => s.Name == name) >= count;

    /// <summary>The server's request span that served job <paramref name="jobId"/>'s submit: the submit is recorded on it (no <c>taskrpc.submit</c> span).</summary>
    public static TestSpan SubmitSpan(IReadOnlyList<TestSpan> trace, string jobId) =>
        Assert.Single(trace, s => IsServerSpan(s) && Equals(s.Tag("taskrpc.job.id"), jobId));

    /// <summary>
    /// The job's spans hang together: the server's request span under the client span (through
    /// the client library's own spans, each recorded in the trace) with the submit recorded on it,
    /// each attempt span under it (back-dated to when it was due: its queue wait and a started
    /// event), and for a process-pool job (<paramref name="inWorker"/>) each worker's handler span
    /// under its attempt; no separate submit, queued or in-process handler spans.
    /// Returns the request span.
    /// </summary>
    public static TestSpan AssertJobTrace(IReadOnlyList<TestSpan> trace, string clientSpanId, string jobId, int attempts, bool inWorker = false)
    {
        var server = Assert.Single(trace, IsServerSpan);
        AssertDescends(trace, server, clientSpanId);
        Assert.Equal(jobId, server.Tag("taskrpc.job.id"));
        Assert.DoesNotContain(trace, s => s.Name is "taskrpc.submit" or "taskrpc.queued");
        var attemptSpans = trace.Where(s => s.Name == "taskrpc.attempt").OrderBy(s => Convert.ToInt64(s.Tag("taskrpc.attempt"))).ToList();
        Assert.Equal(attempts, attemptSpans.Count);
        for (var i = 0; i < attempts; i++)
        {
            var attempt = attemptSpans[i];
            Assert.Equal(server.SpanId, attempt.ParentSpanId);
            Assert.Equal(jobId, attempt.Tag("taskrpc.job.id"));
            Assert.Equal(i + 1L, Convert.ToInt64(attempt.Tag("taskrpc.attempt")));
            Assert.True(Convert.ToDouble(attempt.Tag("taskrpc.queue_wait")) >= 0, $"{attempt} has no queue wait");
            Assert.Single(attempt.Events, e => e.Name == "taskrpc.started");
            if (inWorker)
            {
                var handler = Assert.Single(trace, s => s.Name == "taskrpc.handler" && s.ParentSpanId == attempt.SpanId);
                Assert.Equal(jobId, handler.Tag("taskrpc.job.id"));
            }
        }

        Assert.Equal(inWorker ? attempts : 0, trace.Count(s => s.Name == "taskrpc.handler"));
        return server;
    }

    /// <summary>Following parent ids up from <paramref name="span"/>, every hop is a recorded span of the trace, up to <paramref name="ancestorId"/>.</summary>
    private static void AssertDescends(IReadOnlyList<TestSpan> trace, TestSpan span, string ancestorId)
    {
        var path = new List<string> { span.Name };
        for (var current = span; current.ParentSpanId != ancestorId;)
        {
            var parentId = current.ParentSpanId;
            current = trace.SingleOrDefault(s => s.SpanId == parentId)
                ?? throw new Xunit.Sdk.XunitException($"{string.Join(" <- ", path)} has parent {parentId ?? "none"}, not a span of the trace nor {ancestorId}.");
            path.Add(current.Name);
            Assert.True(path.Count < 10, $"Parent chain too long: {string.Join(" <- ", path)}");
        }
    }
}
