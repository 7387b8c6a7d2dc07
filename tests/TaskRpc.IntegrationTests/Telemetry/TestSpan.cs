namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>A finished span as a test sees it, from an in-process ActivityListener or from OTLP.</summary>
internal sealed record TestSpan(
    string Name,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    IReadOnlyDictionary<string, object?> Tags,
    IReadOnlyList<TestSpanEvent> Events,
    bool IsError)
{
    public object? Tag(string key) => Tags.GetValueOrDefault(key);

    public override string ToString() => $"{Name} {SpanId} <- {ParentSpanId ?? "root"} [{string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}]{(IsError ? " ERROR" : string.Empty)}";
}

/// <summary>A span event: its name and attributes.</summary>
internal sealed record TestSpanEvent(string Name, IReadOnlyDictionary<string, object?> Tags);
