namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>Finished spans as they arrive, and a wait for the spans of one trace to be complete (on each arrival, not by polling).</summary>
internal class SpanCollector
{
    private readonly List<TestSpan> _spans = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(TestSpan span)
    {
        lock (_gate)
        {
            _spans.Add(span);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Every span received so far, of any trace.</summary>
    public IReadOnlyList<TestSpan> All()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    public IReadOnlyList<TestSpan> Trace(string traceId)
    {
        lock (_gate)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    /// <summary>Waits until the spans of <paramref name="traceId"/> satisfy <paramref name="complete"/>; fails after 60 s listing what came.</summary>
    public async Task<IReadOnlyList<TestSpan>> WaitForTraceAsync(string traceId, Func<IReadOnlyList<TestSpan>, bool> complete, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var spans = _spans.Where(s => s.TraceId == traceId).ToList();
                if (complete(spans))
                {
                    return spans;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Trace {traceId} did not get {what} in 60 s; it has:{Environment.NewLine}{string.Join(Environment.NewLine, Trace(traceId))}");
            }
        }
    }
}
