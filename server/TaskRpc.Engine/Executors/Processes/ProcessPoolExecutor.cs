using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// The Processes executor: runs handlers in a pool of worker processes (<see cref="EngineOptions.Processes"/>),
/// pre-started with the host when a registered task uses it, and stopped with it (after the
/// scheduler has cancelled the running jobs). A host that cannot start workers (no worker command)
/// starts none, and the jobs of Processes tasks fail with a clear ABORTED error.
/// </summary>
internal sealed class ProcessPoolExecutor : IJobExecutor, IHostedService, IDisposable
{
    private readonly WorkerPool? _pool;
    private readonly bool _needed;
    private readonly ILogger<ProcessPoolExecutor> _logger;

    public ProcessPoolExecutor(
        IOptions<EngineOptions> options,
        IEnumerable<TaskRegistration> registrations,
        TimeProvider time,
        EngineMetrics metrics,
        ILogger<ProcessPoolExecutor> logger,
        WorkerLaunch? defaultLaunch = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pool = options.Value.Processes;
        _logger = logger;
        Capacity = pool.Size * pool.MaxInFlightPerWorker;
        _needed = registrations.Any(r => r.Options.Executor == ExecutorKind.Processes && (!r.IsDemo || options.Value.EnableDemoTasks));
        if (WorkerLaunch.Resolve(pool, defaultLaunch) is { } launch)
        {
            _pool = new WorkerPool(pool, launch, time, metrics, logger);
        }
    }

    public ExecutorKind Kind => ExecutorKind.Processes;

    public int Capacity { get; }

    /// <summary>The pool, when this host can start workers.</summary>
    public WorkerPool? Pool => _pool;

    public ValueTask<Payload> ExecuteAsync(JobInvocation invocation) => _pool is null
        ? ValueTask.FromException<Payload>(new WorkerJobException(
            new JobError(JobErrorCodes.Aborted, "This host cannot start process-pool workers: set Engine:Processes:WorkerCommand (and WorkerArguments), or start the server through TaskRpcProgram."),
            retryable: false))
        : _pool.ExecuteAsync(invocation);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_needed)
        {
            return Task.CompletedTask;
        }

        if (_pool is null)
        {
            ProcessPoolLog.NoWorkerCommand(_logger);
            return Task.CompletedTask;
        }

        return _pool.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _pool?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => _pool?.Dispose();
}
