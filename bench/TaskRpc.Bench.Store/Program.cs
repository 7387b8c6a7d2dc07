using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskRpc.Engine;
using TaskRpc.Engine.Jobs;
using TaskRpc.Storage.Sqlite;

// Usage: dotnet run -c Release --project bench/TaskRpc.Bench.Store [-- rounds jobs submitters]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var jobs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var submitters = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 128;
var directory = Path.Combine(Path.GetTempPath(), "taskrpc-bench-store", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
Console.WriteLine($"no-op job (demo.echo) throughput: submit + await, {jobs} jobs per round, {submitters} concurrent submitters, {rounds} alternating rounds");

var results = new Dictionary<string, List<double>> { ["memory"] = [], ["sqlite"] = [] };
var cpu = new Dictionary<string, List<double>> { ["memory"] = [], ["sqlite"] = [] }; // Process CPU µs per job: less sensitive to a shared machine's load than jobs/s.
try
{
    await RunRoundAsync("memory", null, jobs / 10, submitters).ConfigureAwait(false); // Warm-up (JIT, pools).
    await RunRoundAsync("sqlite", Path.Combine(directory, "warmup.db"), jobs / 10, submitters).ConfigureAwait(false);
    for (var round = 1; round <= rounds; round++)
    {
        var memory = await RunRoundAsync("memory", null, jobs, submitters).ConfigureAwait(false);
        var sqlite = await RunRoundAsync("sqlite", Path.Combine(directory, $"round{round}.db"), jobs, submitters).ConfigureAwait(false);
        results["memory"].Add(memory);
        results["sqlite"].Add(sqlite);
        Console.WriteLine($"round {round}: memory {memory,10:N0} jobs/s   sqlite {sqlite,10:N0} jobs/s   ratio {sqlite / memory:P0}   cpu/job: memory {cpu["memory"][^1]:N1} us, sqlite {cpu["sqlite"][^1]:N1} us");
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}

var medianMemory = Median(results["memory"]);
var medianSqlite = Median(results["sqlite"]);
Console.WriteLine($"median: memory {medianMemory:N0} jobs/s, sqlite {medianSqlite:N0} jobs/s, sqlite/memory {medianSqlite / medianMemory:P0} (target >= 50%); process cpu/job: memory {Median(cpu["memory"]):N1} us, sqlite {Median(cpu["sqlite"]):N1} us");

async Task<double> RunRoundAsync(string store, string? path, int jobs, int submitters)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    if (path is not null)
    {
        builder.Services.AddSqliteJobStore(o => o.Path = path);
    }

    builder.Services.AddTaskRpc();
    using var host = builder.Build();
    await host.StartAsync().ConfigureAwait(false);
    var engine = host.Services.GetRequiredService<IJobEngine>();
    var remaining = jobs;
    var args = Payload.FromJson("{}");
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, submitters).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            var job = await engine.SubmitAsync(new JobSubmission { Task = "demo.echo", Args = args }).ConfigureAwait(false);
            var ended = await engine.AwaitAsync(job.Id).ConfigureAwait(false);
            if (ended.State != JobState.Succeeded)
            {
                throw new InvalidOperationException($"{store}: job {job.Id} ended {ended.State}.");
            }
        }
    }))).ConfigureAwait(false);
    clock.Stop();
    cpu[store].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / jobs);
    await host.StopAsync().ConfigureAwait(false);
    return jobs / clock.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
