using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskRpc.Bench.Processes;
using TaskRpc.Engine;
using TaskRpc.Engine.Jobs;

// Usage: dotnet run -c Release --project bench/TaskRpc.Bench.Processes [-- rounds jobs]
if (TaskRpcWorker.IsWorker(args))
{
    return await TaskRpcWorker.RunAsync(args, (_, services) => Register(services)).ConfigureAwait(false);
}

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var jobs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var services = new ServiceCollection();
services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Error));
Register(services);
TaskRpcWorker.AddSelfAsWorker(services, []);
var provider = services.BuildServiceProvider();
await using (provider.ConfigureAwait(false))
{
    var hosted = provider.GetServices<IHostedService>().ToList();
    foreach (var service in hosted)
    {
        await service.StartAsync(CancellationToken.None).ConfigureAwait(false);
    }

    var engine = provider.GetRequiredService<IJobEngine>();
    var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EngineOptions>>().Value.Processes;
    Console.WriteLine($"process pool: {options.Size} workers, {options.MaxInFlightPerWorker} in flight each; {rounds} rounds of {jobs} no-op jobs");
    var rates = new List<double>();
    for (var round = 0; round <= rounds; round++)
    {
        var rate = await NoOpRoundAsync(engine, jobs).ConfigureAwait(false);
        Console.WriteLine(round == 0 ? $"warm-up: {rate:N0} jobs/s" : $"round {round}: {rate:N0} jobs/s");
        if (round > 0)
        {
            rates.Add(rate);
        }
    }

    rates.Sort();
    Console.WriteLine($"no-op jobs through the process pool: median {rates[rates.Count / 2]:N0} jobs/s (min {rates[0]:N0}, max {rates[^1]:N0}); target >= 5,000");
    var latencies = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        latencies.Add(await ForcedCancelAsync(engine).ConfigureAwait(false));
    }

    latencies.Sort();
    Console.WriteLine($"forced cancel (handler ignores its token, grace {options.CancelGracePeriod.TotalMilliseconds} ms): median {latencies[2]:N0} ms, max {latencies[^1]:N0} ms from cancel to CANCELLED");
    hosted.Reverse();
    foreach (var service in hosted)
    {
        await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }
}

return 0;

static void Register(IServiceCollection services) => services
    .AddTaskRpc(o =>
    {
        o.EnableDemoTasks = false;
        o.Processes.QueueCapacity = 1_000_000;
    })
    .AddTask<NoOpTask>("bench.noop")
    .AddTask<SpinTask>("bench.spin");

static async Task<double> NoOpRoundAsync(IJobEngine engine, int count)
{
    var args = Payload.FromJson("{}");
    var ids = new string[count];
    var stopwatch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        ids[i] = (await engine.SubmitAsync(new JobSubmission { Task = "bench.noop", Args = args }).ConfigureAwait(false)).Id;
    }

    var result = await engine.WaitAsync(ids, ReturnWhen.AllCompleted, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
    stopwatch.Stop();
    var succeeded = result.Done.Count(j => j.State == JobState.Succeeded);
    return succeeded != count
        ? throw new InvalidOperationException($"{count - succeeded} of {count} jobs did not succeed.")
        : count / stopwatch.Elapsed.TotalSeconds;
}

static async Task<double> ForcedCancelAsync(IJobEngine engine)
{
    var job = await engine.SubmitAsync(new JobSubmission { Task = "bench.spin", Args = Payload.FromJson("{}") }).ConfigureAwait(false);
    await foreach (var update in engine.SubscribeAsync(job.Id).ConfigureAwait(false))
    {
        if (update.Progress is not null)
        {
            break; // The handler runs in its worker.
        }
    }

    var stopwatch = Stopwatch.StartNew();
    await engine.CancelAsync(job.Id).ConfigureAwait(false);
    var done = await engine.AwaitAsync(job.Id).ConfigureAwait(false);
    stopwatch.Stop();
    return done.State == JobState.Cancelled
        ? stopwatch.Elapsed.TotalMilliseconds
        : throw new InvalidOperationException($"bench.spin ended {done.State}.");
}
