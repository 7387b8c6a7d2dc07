using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Events;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Executors.Async;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Executors.Threads;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle;
using TaskRpc.Engine.Lifecycle.Cluster;
using TaskRpc.Engine.Limits;
using TaskRpc.Engine.Stats;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Storage.InMemory;
using TaskRpc.Engine.Tasks;
using TaskRpc.Engine.Tasks.Demo;

namespace TaskRpc.Engine;

/// <summary>Registers the job engine.</summary>
public static class TaskRpcServiceCollectionExtensions
{
    /// <summary>
    /// Registers the job engine: <see cref="IJobEngine"/>, its scheduler as a hosted service (start
    /// it with the host), the in-memory job store (unless an <see cref="IJobStore"/> is already
    /// registered), the Async, Threads and Processes executors (the process pool starts with the host when a task uses it), <see cref="TimeProvider.System"/> (unless a
    /// <see cref="TimeProvider"/> is registered), and the demo tasks (see <see cref="EngineOptions.EnableDemoTasks"/>).
    /// Options are validated at startup.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="EngineOptions"/>; or null for the defaults.</param>
    /// <returns>A builder to register tasks with.</returns>
    public static TaskRpcBuilder AddTaskRpc(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new TaskRpcBuilder(services);
        var first = true;
        foreach (var descriptor in services)
        {
            first &= descriptor.ServiceType != typeof(JobScheduler);
        }

        var options = services.AddOptions<EngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJobStore>(InMemoryJobStore.Create);
        services.TryAddSingleton<EngineMetrics>();
        services.TryAddSingleton<EventHub>();
        services.TryAddSingleton<ActiveJobs>();
        services.TryAddSingleton<JobStateMachine>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<RetentionSweeper>();
        services.TryAddSingleton<LeaseKeeper>();
        services.TryAddSingleton<ClusterNode>();
        services.TryAddSingleton<TaskRegistry>();
        services.TryAddSingleton<TenantShares>();
        services.TryAddSingleton<ExecutorQueues>();
        services.TryAddSingleton<LocalNode>();
        services.TryAddSingleton<JobIntake>();
        services.TryAddSingleton<JobScheduler>();
        services.TryAddSingleton<IJobSizer, EstimatedJobSizer>();
        services.TryAddSingleton<JobSizeLimit>();
        services.TryAddSingleton<JobLister>();
        services.TryAddSingleton<EngineStats>();
        services.TryAddSingleton<IJobEngine, JobEngine>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobExecutor, AsyncExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobExecutor, ThreadsExecutor>());
        services.TryAddSingleton<ProcessPoolExecutor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobExecutor, ProcessPoolExecutor>(static provider => provider.GetRequiredService<ProcessPoolExecutor>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, ProcessPoolOptionsValidator>());
        if (!first)
        {
            return builder;
        }

        // The pool starts before the scheduler and stops after it (hosted services stop in reverse order).
        services.AddHostedService(static provider => provider.GetRequiredService<ProcessPoolExecutor>());
        services.AddHostedService(static provider => provider.GetRequiredService<JobScheduler>());
        services.AddHostedService(static provider => provider.GetRequiredService<EngineStats>());
        builder.AddTask<EchoTask>("demo.echo", null, isDemo: true);
        builder.AddTask<SleepTask>("demo.sleep", null, isDemo: true);
        builder.AddTask<BlockingSleepTask>("demo.blocking_sleep", null, isDemo: true);
        builder.AddTask<FailTask>("demo.fail", null, isDemo: true);
        builder.AddTask<CpuTask>("demo.cpu", null, isDemo: true);
        builder.AddTask<CrashTask>("demo.crash", null, isDemo: true);
        return builder;
    }
}
