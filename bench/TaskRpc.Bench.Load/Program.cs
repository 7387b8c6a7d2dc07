using TaskRpc.Bench.Load;
using TaskRpc.Contracts.V1;

// TaskRpc end-to-end load generator; one JSON object per result on stdout, progress on stderr.
// --target takes one URL or several, comma-separated (the nodes of a cluster): closed spreads its
// callers over them round-robin (caller i on target i mod n), backlog its submissions; the
// other modes use the first. --connections N opens N connections per target (closed spreads its callers over them too).
//   closed  --task demo.echo --args '{"x":1}' --concurrency 1,16,64,256 --warmup 2 --duration 10 [--name noop]
//   idle    --jobs 500 --pause-ms 20 [--task demo.echo --args '{"x":1}' --name idle]
//   backlog --jobs 5000 [--timeout 120 --name backlog]
//   fanout  --jobs 1 --subscribers 1000 --seconds 3 --steps 300 [--name one-job]
//   queued  --levels 1000,100000,1000000 --server-pid PID --concurrency 64 --warmup 2 --duration 10
//   runnable --levels 1000,1000000 --slots 2 --server-pid PID --concurrency 64 --warmup 2 --duration 10
//   cancel  --forced 1 --rounds 5
//   stats   (the server's job counters now, e.g. to verify what another load generator did: h2load)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TaskRpc.Bench.Load closed|idle|backlog|fanout|queued|runnable|cancel|stats --target http://127.0.0.1:PORT[,URL…] [options]");
    return 2;
}

var mode = args[0];
var options = new BenchArgs(args[1..]);
var channels = options.String("target", "http://127.0.0.1:50051").Split(',', StringSplitOptions.RemoveEmptyEntries)
    .SelectMany(target => Enumerable.Repeat(target, options.Int("connections", 1))).Select(TaskCalls.CreateChannel).ToArray();
var clients = channels.Select(channel => new TaskService.TaskServiceClient(channel)).ToArray();
var client = clients[0];
var warmup = options.Seconds("warmup", 2);
var duration = options.Seconds("duration", 10);
switch (mode)
{
    case "closed":
        var request = TaskCalls.Request(options.String("task", "demo.echo"), options.String("args", "{\"x\":1}"), wait: true);
        foreach (var concurrency in options.Ints("concurrency", "1"))
        {
            var result = await ClosedLoop.RunAsync(
                options.String("name", request.Task), concurrency, warmup, duration,
                (caller, ct) => TaskCalls.SubmitAsync(clients[caller % clients.Length], request, ct)).ConfigureAwait(false);
            Console.Error.WriteLine(result);
            JsonLine.Write(mode, result.Fields());
        }

        break;
    case "idle":
        JsonLine.Write(mode, await IdleLatencyBench.RunAsync(
            clients, options.String("name", "idle"), TaskCalls.Request(options.String("task", "demo.echo"), options.String("args", "{\"x\":1}"), wait: true),
            options.Int("warmup-jobs", 50), options.Int("jobs", 500), TimeSpan.FromMilliseconds(options.Int("pause-ms", 20))).ConfigureAwait(false));
        break;
    case "backlog":
        JsonLine.Write(mode, await BacklogBench.RunAsync(
            clients, options.String("name", "backlog"), options.Int("jobs", 5000), options.Seconds("timeout", 120)).ConfigureAwait(false));
        break;
    case "fanout":
        JsonLine.Write(mode, await FanoutBench.RunAsync(
            client, options.String("name", "fanout"), options.Int("jobs", 1), options.Int("subscribers", 1000),
            options.Double("seconds", 3), options.Int("steps", 300)).ConfigureAwait(false));
        break;
    case "queued":
        var rows = await QueuedScalingBench.RunAsync(
            client, options.Int("server-pid", 0), options.Ints("levels", "1000,100000,1000000"),
            options.Int("concurrency", 64), warmup, duration).ConfigureAwait(false);
        rows.ForEach(row => JsonLine.Write(mode, row));
        break;
    case "runnable":
        var runnable = await RunnableScalingBench.RunAsync(
            client, options.Int("server-pid", 0), options.Ints("levels", "1000,1000000"), options.Int("slots", 2),
            options.Int("concurrency", 64), warmup, duration).ConfigureAwait(false);
        runnable.ForEach(row => JsonLine.Write(mode, row));
        break;
    case "cancel":
        JsonLine.Write(mode, await ProcessPoolBench.CancelAsync(client, options.Int("forced", 1) != 0, options.Int("rounds", 5)).ConfigureAwait(false));
        break;
    case "stats":
        var stats = await TaskCalls.GetStatsAsync(client).ConfigureAwait(false);
        JsonLine.Write(mode, new KeyValuePair<string, object>[]
        {
            new("jobs_submitted", stats.JobsSubmitted),
            new("jobs_finished", stats.JobsFinished),
            new("jobs_failed", stats.JobsFailed),
            new("queued", stats.Executors.Sum(executor => executor.Queued)),
            new("running", stats.Executors.Sum(executor => executor.Running)),
        });
        break;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}

foreach (var channel in channels)
{
    channel.Dispose();
}

return 0;
