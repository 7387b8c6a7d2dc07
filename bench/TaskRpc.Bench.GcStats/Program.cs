using TaskRpc.Bench.GcStats;

// Usage: TaskRpc.Bench.GcStats TRACE.nettrace [...]
//        TaskRpc.Bench.GcStats --alloc [--jobs N] [--top N] TRACE.nettrace
// Without --alloc: per trace, the GCs of its process (GcSummary). With --alloc: where the sampled
// allocations (AllocationTick, ~100 KB apart) come from, by type and by allocating frame
// (AllocationSites); --jobs N (jobs done while traced) adds bytes per job.
// Make a trace with: dotnet-trace collect -p PID --profile gc-collect --duration 00:00:00:10 -o T.nettrace
// (--profile gc-verbose for --alloc).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TaskRpc.Bench.GcStats TRACE.nettrace [...] | --alloc [--jobs N] [--top N] TRACE.nettrace");
    return 2;
}

if (args[0] == "--alloc")
{
    return AllocationSites.Run(args[1..]);
}

foreach (var path in args)
{
    GcSummary.Print(path);
}

return 0;
