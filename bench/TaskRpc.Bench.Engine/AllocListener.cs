using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

/// <summary>Counts the runtime's allocation-tick samples (one per ~100 KB allocated) by type; prints the top 40 on dispose.</summary>
internal sealed class AllocListener : EventListener
{
    private readonly ConcurrentDictionary<string, long> _samples = new(StringComparer.Ordinal);

    public override void Dispose()
    {
        base.Dispose();
        var total = Math.Max(1, _samples.Values.Sum());
        foreach (var (type, count) in _samples.OrderByDescending(k => k.Value).Take(40))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count * 100.0 / total,5:F1}% {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "GCAllocationTick_V4" || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var name = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        _samples.AddOrUpdate(name, 1, static (_, count) => count + 1);
    }
}
