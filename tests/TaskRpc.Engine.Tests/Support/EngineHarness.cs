using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>An engine in a service provider, with the test tasks registered; started unless asked not to.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started = [];

    private EngineHarness(ServiceProvider provider)
    {
        _provider = provider;
        Engine = provider.GetRequiredService<IJobEngine>();
        Probe = provider.GetRequiredService<TestProbe>();
        Store = provider.GetRequiredService<IJobStore>();
    }

    public IJobEngine Engine { get; }

    public TestProbe Probe { get; }

    public IJobStore Store { get; }

    /// <summary>The engine's services, for a look at its internals (e.g. the active jobs).</summary>
    public IServiceProvider Services => _provider;

    public static async Task<EngineHarness> CreateAsync(
        Action<EngineOptions>? configure = null,
        Action<string, TaskOptions>? configureTask = null,
        TimeProvider? time = null,
        bool start = true,
        IJobStore? store = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TestProbe>();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (store is not null)
        {
            services.AddSingleton(store); // Owned by the test: recovery tests fill it first, restart tests reuse it.
        }

        var builder = services.AddTaskRpc(configure);
        Add<GateTask>(builder, "test.gate", configureTask);
        Add<RecordTask>(builder, "test.record", configureTask);
        Add<FlakyTask>(builder, "test.flaky", configureTask);
        Add<TypedTask>(builder, "test.typed", configureTask);
        Add<ProgressTask>(builder, "test.progress", configureTask);
        Add<ChattyTask>(builder, "test.chatty", configureTask);
        Add<BlockingTask>(builder, "test.blocking", configureTask);
        Add<IgnoreCancelTask>(builder, "test.ignore_cancel", configureTask);
        Add<ValidatedTask>(builder, "test.validated", configureTask);
        Add<SpanTask>(builder, "test.span", configureTask);
        var harness = new EngineHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
        if (start)
        {
            await harness.StartAsync();
        }

        return harness;
    }

    public static Payload Json(string json) => Payload.FromJson(json);

    public static JobSubmission Job(string task, string json = "{}") => new() { Task = task, Args = Payload.FromJson(json) };

    public async Task StartAsync()
    {
        foreach (var hosted in _provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            _started.Add(hosted);
        }
    }

    public async Task StopAsync()
    {
        foreach (var hosted in _started)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        _started.Clear();
    }

    public async Task<JobSnapshot> AwaitAsync(string id)
    {
        // A real-time bound, so the wait also ends under a fake TimeProvider.
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        var job = await Engine.AwaitAsync(id, null, timeout.Token);
        Assert.True(job.State.IsTerminal(), $"Job {id} is still {job.State}.");
        return job;
    }

    /// <summary>Follows the job's events until it reaches <paramref name="state"/> (at <paramref name="attempt"/>, if given).</summary>
    public async Task<JobEvent> WaitForStateAsync(string id, JobState state, int? attempt = null)
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        await foreach (var jobEvent in Engine.SubscribeAsync(id, 1, timeout.Token))
        {
            if (jobEvent.StateChange is { } change && change.State == state && (attempt is null || change.Attempt == attempt))
            {
                return jobEvent;
            }
        }

        throw new InvalidOperationException($"Job {id} ended without reaching {state}.");
    }

    public async ValueTask DisposeAsync()
    {
        Probe.Release.TrySetResult();
        Probe.Unblock.Set();
        await StopAsync();
        await _provider.DisposeAsync();
    }

    private static void Add<THandler>(TaskRpcBuilder builder, string name, Action<string, TaskOptions>? configure)
        where THandler : class =>
        builder.AddTask<THandler>(name, configure is null ? null : options => configure(name, options));
}
