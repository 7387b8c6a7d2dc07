using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle.Cluster;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The lifecycle's front door: accepts jobs (<see cref="JobIntake"/>) into this node's queues
/// (<see cref="LocalNode"/>) or, with a shared store, the cluster's (<see cref="ClusterNode"/>),
/// cancels them, and runs the engine's lifecycle as a hosted service: on start it recovers
/// unfinished jobs from the store and starts dispatching; on stop it stops dispatching and
/// interrupts running jobs (their tokens fire, and each goes back to the queue with its attempt
/// uncounted, to run again after a restart), waiting for them up to
/// <see cref="EngineOptions.ShutdownTimeout"/>.
/// </summary>
internal sealed class JobScheduler : IHostedService
{
    private readonly JobIntake _intake;
    private readonly LocalNode _local;
    private readonly ClusterNode _cluster;
    private readonly LeaseKeeper _leases;
    private readonly JobRunner _runner;
    private readonly ActiveJobs _active;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger<JobScheduler> _logger;
    private volatile bool _stopping;

    public JobScheduler(
        JobIntake intake,
        LocalNode local,
        ClusterNode cluster,
        LeaseKeeper leases,
        JobRunner runner,
        ActiveJobs active,
        TimeProvider time,
        IOptions<EngineOptions> options,
        ILogger<JobScheduler> logger)
    {
        _intake = intake;
        _local = local;
        _cluster = cluster;
        _leases = leases;
        _runner = runner;
        _active = active;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public ValueTask<JobSnapshot> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(submission);
            if (_stopping)
            {
                throw new EngineUnavailableException();
            }

            var job = _intake.Create(submission, out var task);
            return _cluster.IsActive ? _cluster.SubmitAsync(job, task, cancellationToken) : _local.SubmitAsync(job, task, cancellationToken);
        }
#pragma warning disable CA1031 // Not handled: a refusal is the returned task's exception, as from an async method.
        catch (Exception refused)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<JobSnapshot>(refused);
        }
    }

    public ValueTask<CancelResult> CancelAsync(string jobId, string? reason, CancellationToken cancellationToken) =>
        _cluster.IsActive ? _cluster.CancelAsync(jobId, reason, cancellationToken) : _local.CancelAsync(jobId, reason, cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_cluster.IsActive)
        {
            // The queue lives in the shared store: nothing to load; the node claims from it.
            await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
            _leases.Start();
            return;
        }

        var recovered = await _local.StartAsync(cancellationToken).ConfigureAwait(false);
        _leases.Start();
        EngineLog.EngineStarted(_logger, _options.NodeId, recovered);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _cluster.Stop();
        _local.Stop();
        var running = 0;
        foreach (var rt in _active.ToArray())
        {
            if (rt.Current.State == JobState.Running)
            {
                rt.RequestCancel(CancelReason.Shutdown, null);
                running++;
            }
        }

        EngineLog.EngineStopping(_logger, running);
        try
        {
            await _runner.WhenIdleAsync().WaitAsync(_options.ShutdownTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            EngineLog.ShutdownTimedOut(_logger, running);
        }
    }
}
