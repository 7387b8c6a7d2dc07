using System.Globalization;
using Hangfire.Common;
using TaskRpc.Bench.Hangfire;
using TaskRpc.Bench.Load;

// The Hangfire peer of TaskRpc.Bench.Load (bench/cluster.sh runs it): Hangfire's server in this
// process, one JSON object per result on stdout.
//   closed  --storage postgres --connection "Host=…;Database=…" --plan noop:64:10,noop:64:64,sleep10ms:128:128 --warmup 2 --duration 8 [--warmup-run 3]
//           (each plan entry: workload:callers:workers, workers a number or "default", Hangfire's own)
//   idle    --storage memory --workers default --jobs 300 --pause-ms 20
// --long-polling 1: Hangfire.PostgreSql's LISTEN/NOTIFY wake-up (EnableLongPolling) besides its 1 s poll.
//   backlog --storage postgres --connection … --workers default,64 --jobs 5000
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TaskRpc.Bench.Hangfire closed|idle|backlog --storage postgres|memory [--connection CS] [options]");
    return 2;
}

var mode = args[0];
var options = new BenchArgs(args[1..]);
var tracker = new JobTracker();
var storage = HangfireSetup.Configure(
    options.String("storage", "memory"), options.String("connection", string.Empty), tracker, options.Int("long-polling", 0) != 0);
var longPolling = options.Int("long-polling", 0) != 0;
var runs = new HangfireRuns(storage, tracker);
ThreadPool.SetMinThreads(256, 256); // Callers block in the synchronous enqueue.
var noop = Job.FromExpression(() => BenchJobs.Noop());
var sleep = Job.FromExpression(() => BenchJobs.Sleep(10));
switch (mode)
{
    case "closed":
        if (options.Double("warmup-run", 0) > 0)
        {
            // Discarded: JIT, connection pools, Hangfire's schema and its first server start.
            await runs.ClosedAsync("warm-up", noop, 64, HangfireSetup.DefaultWorkers, TimeSpan.Zero, options.Seconds("warmup-run", 3)).ConfigureAwait(false);
        }

        foreach (var entry in options.String("plan", "noop:64:default").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            var job = parts[0].StartsWith("sleep", StringComparison.Ordinal) ? sleep : noop;
            var row = await runs.ClosedAsync(
                parts[0], job, int.Parse(parts[1], CultureInfo.InvariantCulture), Workers(parts[2]),
                options.Seconds("warmup", 2), options.Seconds("duration", 8)).ConfigureAwait(false);
            Report(row);
        }

        break;
    case "idle":
        Report(await runs.IdleAsync(
            noop, Workers(options.String("workers", "default")), options.Int("warmup-jobs", 50), options.Int("jobs", 300),
            TimeSpan.FromMilliseconds(options.Int("pause-ms", 20))).ConfigureAwait(false));
        break;
    case "backlog":
        foreach (var workers in options.String("workers", "default").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Report(await runs.BacklogAsync(noop, Workers(workers), options.Int("jobs", 5000)).ConfigureAwait(false));
        }

        break;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}

return 0;

void Report(List<KeyValuePair<string, object>> row)
{
    row.Add(new("long_polling", longPolling));
    Console.Error.WriteLine(string.Join(", ", row.Select(f => $"{f.Key}={f.Value}")));
    JsonLine.Write(mode, row);
}

static int Workers(string value) =>
    value == "default" ? HangfireSetup.DefaultWorkers : int.Parse(value, CultureInfo.InvariantCulture);
