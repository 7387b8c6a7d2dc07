using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Analysis;
using Microsoft.Diagnostics.Tracing.Analysis.GC;

namespace TaskRpc.Bench.GcStats;

/// <summary>
/// The GCs of each process in a trace: count by generation and type, total and longest pause,
/// pause share of the traced wall time, and mean promoted bytes and heap size after.
/// </summary>
internal static class GcSummary
{
    public static void Print(string path)
    {
        using var source = new EventPipeEventSource(path);
        source.NeedLoadedDotNetRuntimes();
        source.Process();
        var wallMs = (source.SessionEndTime - source.SessionStartTime).TotalMilliseconds;
        foreach (var process in source.Processes())
        {
            var gcs = process.LoadedDotNetRuntime()?.GC.GCs;
            if (gcs is null || gcs.Count == 0)
            {
                continue;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: pid {process.ProcessID}, {wallMs / 1000:F1} s traced, {gcs.Count} GCs"));
            foreach (var group in gcs.GroupBy(gc => (gc.Generation, gc.Type)).OrderBy(g => g.Key.Generation))
            {
                var pauses = group.Select(gc => gc.PauseDurationMSec).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  gen{group.Key.Generation} {group.Key.Type,-18} {group.Count(),5} GCs  pause {pauses.Sum(),8:F1} ms (max {pauses.Max(),6:F1})  " +
                    $"promoted {group.Average(gc => gc.PromotedMB),7:F1} MB  heap after {group.Average(gc => gc.HeapSizeAfterMB),7:F0} MB"));
            }

            var totalPause = gcs.Sum(gc => gc.PauseDurationMSec);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  all: pause {totalPause:F0} ms = {100 * totalPause / wallMs:F1}% of the traced time; {gcs.Sum(gc => gc.PromotedMB):F0} MB promoted"));
        }
    }
}
