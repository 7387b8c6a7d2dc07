using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle;
using TaskRpc.Engine.Tasks;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>
/// An engine whose contract tasks all run on one executor, started like a host (the process pool
/// starts its workers): the executor to drive through <see cref="IJobExecutor"/>, and the engine
/// to drive through its public surface.
/// </summary>
internal sealed class ExecutorHost : IAsyncDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private readonly ServiceProvider _provider;
    private readonly TaskRegistry _registry;
    private readonly List<IHostedService> _started = [];
    private long _invocations;

    private ExecutorHost(ServiceProvider provider, ExecutorKind kind)
    {
        _provider = provider;
        _registry = provider.GetRequiredService<TaskRegistry>();
        Engine = provider.GetRequiredService<IJobEngine>();
        Executor = provider.GetServices<IJobExecutor>().Single(e => e.Kind == kind);
    }

    public IJobExecutor Executor { get; }

    public IJobEngine Engine { get; }

    public static async Task<ExecutorHost> StartAsync(ExecutorKind kind, Action<EngineOptions> configure)
    {
        var services = new ServiceCollection();
        ContractTasks.Add(
            services.AddTaskRpc(options =>
            {
                options.ProgressFlushInterval = TimeSpan.Zero; // Every report becomes an event.
                configure(options);
            }),
            kind);
        var host = new ExecutorHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), kind);
        try
        {
            foreach (var hosted in host._provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
                host._started.Add(hosted);
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>An attempt of <paramref name="task"/> as the scheduler would hand it to the executor.</summary>
    public JobInvocation Invocation(
        string task,
        Payload args,
        IProgressSink? sink = null,
        IReadOnlyDictionary<string, string>? labels = null,
        int attempt = 1,
        CancellationToken cancellationToken = default)
    {
        Assert.True(_registry.TryGet(task, out var descriptor), $"Task '{task}' is not registered.");
        var jobId = $"contract-{Interlocked.Increment(ref _invocations)}";
        var context = new TaskContext(jobId, task, attempt, labels ?? NoLabels, sink ?? new RecordingSink(), cancellationToken);
        return new JobInvocation(task, descriptor.Invoker, args, context);
    }

    public async ValueTask DisposeAsync()
    {
        // Like a host: in reverse order, so the scheduler stops before the process pool.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }
}
