using System.Diagnostics;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>
/// An ActivityListener on the engine's, ASP.NET Core's and the tests' own sources, and on
/// activities created without a source (grpc-dotnet's client call activity): records every span
/// they finish in this process (all servers of the test run: filter by trace id).
/// </summary>
internal sealed class SpanRecorder : SpanCollector, IDisposable
{
    /// <summary>The source of the tests' client spans.</summary>
    public static readonly ActivitySource Client = new("TaskRpc.Tests.Client");

    private static readonly string[] Sources = ["TaskRpc.Engine", "Microsoft.AspNetCore", "TaskRpc.Tests.Client", ""];
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        var sources = Sources; // Reading a static here creates Client before the listener is added, so it is listened to.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Add(ToSpan(activity)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts a client span: the caller's span for the calls made under it.</summary>
    public static Activity StartClientSpan(string name) =>
        Client.StartActivity(name, ActivityKind.Client) ?? throw new InvalidOperationException("The test's client source has no listener.");

    public void Dispose() => _listener.Dispose();

    private static TestSpan ToSpan(Activity activity) => new(
        activity.OperationName,
        activity.TraceId.ToHexString(),
        activity.SpanId.ToHexString(),
        activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
        activity.TagObjects.ToDictionary(t => t.Key, t => t.Value),
        [.. activity.Events.Select(e => new TestSpanEvent(e.Name, e.Tags.ToDictionary(t => t.Key, t => t.Value)))],
        activity.Status == ActivityStatusCode.Error);
}
