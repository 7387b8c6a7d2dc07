using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace TaskRpc.Bench.GcStats;

/// <summary>
/// Where a trace's sampled allocations come from: the AllocationTick events (one per ~100 KB
/// allocated per heap, carrying the type and the amount since the last) summed by type and by
/// allocating site, a site being the first frames of the event's stack below the runtime's own
/// allocation helpers. Sampled, so a share of bytes, not an exact count.
/// </summary>
internal static class AllocationSites
{
    private const int SiteFrames = 3;

    public static int Run(string[] args)
    {
        long jobs = 0;
        var top = 40;
        string? path = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--jobs": jobs = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--top": top = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: path = args[i]; break;
            }
        }

        if (path is null)
        {
            Console.Error.WriteLine("usage: TaskRpc.Bench.GcStats --alloc [--jobs N] [--top N] TRACE.nettrace");
            return 2;
        }

        var etlx = TraceLog.CreateFromEventPipeDataFile(path, Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.etlx"));
        using var log = new TraceLog(etlx);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var bySite = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var source = log.Events.GetSource();
        source.Clr.GCAllocationTick += tick => Add(tick);
        source.Process();
        File.Delete(etlx);

        var scale = jobs > 0 ? $" (B/job = sampled bytes / {jobs} jobs)" : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {total / 1e6:F1} MB sampled{scale}"));
        Print("type", byType);
        Print("site", bySite);
        return 0;

        void Add(GCAllocationTickTraceData tick)
        {
            var amount = tick.AllocationAmount64;
            total += amount;
            var type = tick.TypeName ?? "?";
            byType[type] = byType.GetValueOrDefault(type) + amount;
            var site = $"{type} <- {Site(tick.CallStack())}";
            bySite[site] = bySite.GetValueOrDefault(site) + amount;
        }

        void Print(string title, Dictionary<string, long> sums)
        {
            Console.WriteLine($"  by {title}:");
            foreach (var (key, bytes) in sums.OrderByDescending(pair => pair.Value).Take(top))
            {
                var perJob = jobs > 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)jobs,7:F0} B/job ") : string.Empty;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * bytes / total,5:F1}% {perJob}{key}"));
            }
        }
    }

    private static string Site(TraceCallStack? stack)
    {
        var frames = new List<string>(SiteFrames);
        for (var frame = stack; frame is not null && frames.Count < SiteFrames; frame = frame.Caller)
        {
            var name = frame.CodeAddress.FullMethodName;
            if (string.IsNullOrEmpty(name))
            {
                continue; // the runtime's native allocation helpers
            }

            frames.Add(Shorten(name));
        }

        return frames.Count == 0 ? "?" : string.Join(" <- ", frames);
    }

    private static string Shorten(string method)
    {
        var paren = method.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? method[..paren] : method;
    }
}
