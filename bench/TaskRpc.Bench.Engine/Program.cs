// Engine hot path, in process: no-op jobs (demo.echo, memory store) submitted and awaited through
// IJobEngine by N concurrent submitters, GC and thread-pool settings as in TaskRpc.Server. Per round: jobs/s, process
// CPU and bytes allocated per job. Env: ALLOC=1 prints the allocation-sampled types (GCAllocationTick);
// GCSTAT=1 prints GC counts and pause time per round; RETAIN=hh:mm:ss sets the result retention.
// TASK and ARGS run another task (e.g. TASK=demo.sleep ARGS='{"seconds":0.01,"steps":1}'); STAGES=1
// prints per round the median time of each stage of a job, from its own timestamps: submit to start
// (dispatch), start to finish (the handler, with its progress), finish to Await's return (wake-up).
// DELAY_ONLY_MS=10 runs no job at all: each submitter only awaits Task.Delay, the timers' own floor;
// with DELAY_TIMER=system on the runtime's timers, otherwise (hires, the default) on the
// high-resolution timer that demo.sleep uses (HighResolutionTimeProvider).
// Usage: dotnet bench/TaskRpc.Bench.Engine/bin/Release/net10.0/TaskRpc.Bench.Engine.dll ROUNDS JOBS SUBMITTERS [LABEL]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskRpc.Engine;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Timing;

var rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
var jobs = int.Parse(args[1], CultureInfo.InvariantCulture);
var submitters = int.Parse(args[2], CultureInfo.InvariantCulture);
var label = args.Length > 3 ? args[3] : "x";
using var listener = Environment.GetEnvironmentVariable("ALLOC") is null ? null : new AllocListener();
await RunAsync(jobs / 2, submitters);
await RunAsync(jobs / 2, submitters);
var rates = new List<double>();
var cpus = new List<double>();
var allocs = new List<double>();
for (var r = 0; r < rounds; r++)
{
    var (rate, cpu, alloc) = await RunAsync(jobs, submitters);
    rates.Add(rate);
    cpus.Add(cpu);
    allocs.Add(alloc);
}
rates.Sort();
cpus.Sort();
allocs.Sort();
Console.WriteLine($"{label}: median {rates[rates.Count/2]:N0} jobs/s (all {string.Join(" ", rates.Select(x => x.ToString("N0")))}), cpu {cpus[cpus.Count/2]:N1} us/job, alloc {allocs[allocs.Count/2]:N0} B/job");

static async Task<(double Rate, double Cpu, double Alloc)> RunAsync(int jobs, int submitters)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Services.AddTaskRpc();
    if (Environment.GetEnvironmentVariable("RETAIN") is { } retain)
    {
        builder.Services.Configure<EngineOptions>(o =>
        {
            o.ResultRetention = TimeSpan.Parse(retain, CultureInfo.InvariantCulture);
            o.RetentionSweepInterval = TimeSpan.FromSeconds(1);
        });
    }

    using var host = builder.Build();
    await host.StartAsync();
    var engine = host.Services.GetRequiredService<IJobEngine>();
    var remaining = jobs;
    var task = Environment.GetEnvironmentVariable("TASK") ?? "demo.echo";
    var a = Payload.FromJson(Environment.GetEnvironmentVariable("ARGS") ?? "{}");
    TimeSpan? delayOnly = Environment.GetEnvironmentVariable("DELAY_ONLY_MS") is { } ms ? TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture)) : null;
    var timers = Environment.GetEnvironmentVariable("DELAY_TIMER") == "system" ? TimeProvider.System : HighResolutionTimeProvider.Shared;
    var stages = Environment.GetEnvironmentVariable("STAGES") is null ? null : new Stages(jobs);
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var alloc0 = GC.GetTotalAllocatedBytes(false);
    var gc0 = GC.CollectionCount(0);
    var gc1 = GC.CollectionCount(1);
    var gc2 = GC.CollectionCount(2);
    var pause0 = GC.GetTotalPauseDuration();
    var clock = Stopwatch.StartNew();
    var tasks = new Task[submitters];
    for (var i = 0; i < submitters; i++)
    {
        tasks[i] = Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (delayOnly is { } delay)
                {
                    await Task.Delay(delay, timers).ConfigureAwait(false); // The timer alone: the floor for a sleep job on this machine now.
                    continue;
                }

                var submitted = DateTimeOffset.UtcNow;
                var job = await engine.SubmitAsync(new JobSubmission { Task = task, Args = a }).ConfigureAwait(false);
                var ended = await engine.AwaitAsync(job.Id).ConfigureAwait(false);
                stages?.Add(submitted, ended, DateTimeOffset.UtcNow);
                if (ended.State != JobState.Succeeded)
                {
                    throw new InvalidOperationException($"Job {job.Id} ended {ended.State}.");
                }
            }
        });
    }

    await Task.WhenAll(tasks);
    clock.Stop();
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds / jobs;
    var alloc = (GC.GetTotalAllocatedBytes(false) - alloc0) / (double)jobs;
    if (Environment.GetEnvironmentVariable("GCSTAT") is not null)
    {
        Console.WriteLine($"  round: {jobs / clock.Elapsed.TotalSeconds:N0} jobs/s, gc0/1/2 {GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2}, pause {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds:N0} ms of {clock.Elapsed.TotalMilliseconds:N0} ms, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576} MiB");
    }

    stages?.Print();
    await host.StopAsync();
    return (jobs / clock.Elapsed.TotalSeconds, cpu, alloc);
}
