using System.ComponentModel;
using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Executors.Processes.Protocol;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// The worker processes and the runs waiting for them, under one lock. Runs go to the ready worker
/// with the fewest in flight, up to <see cref="ProcessPoolOptions.MaxInFlightPerWorker"/> each
/// (pipelining: the next run already waits inside the worker). A worker that dies with one run in
/// flight fails it (ABORTED, naming the exit code or signal); with several, none is blamed: each is
/// re-run alone on a quarantined worker (<see cref="DispatchSuspectsLocked"/>), where a crash is its
/// own. A dead worker is replaced at once. Cancels and timeouts fire the handler's token in the worker, and after the
/// grace period kill the worker. A ready worker silent for the heartbeat timeout is killed as hung.
/// Workers are recycled between jobs by job count and by memory.
/// </summary>
internal sealed partial class WorkerPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<WorkerRun> _pending = new();
    private readonly LinkedList<WorkerRun> _suspects = new();
    private readonly List<WorkerProcess> _workers = [];
    private readonly List<ITimer> _restarts = [];
    private readonly ProcessPoolOptions _options;
    private readonly WorkerLaunch _launch;
    private readonly TimeProvider _time;
    private readonly EngineMetrics _metrics;
    private readonly ILogger _logger;
    private long _nextRunId;
    private int _startFailures;
    private bool _stopping;

    public WorkerPool(ProcessPoolOptions options, WorkerLaunch launch, TimeProvider time, EngineMetrics metrics, ILogger logger)
    {
        _options = options;
        _launch = launch;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        metrics.ObserveWorkers(() => { lock (_gate) { return _workers.Count; } });
    }

    /// <summary>The pids of the workers that take runs now.</summary>
    public IReadOnlyList<int> ReadyWorkers
    {
        get
        {
            lock (_gate)
            {
                return [.. _workers.Where(w => w.State == WorkerState.Ready).Select(w => w.Pid)];
            }
        }
    }

    /// <summary>True while the last attempt to start a worker failed and no worker has become ready since (for health checks).</summary>
    public bool IsFailingToStart
    {
        get
        {
            lock (_gate)
            {
                return _startFailures > 0;
            }
        }
    }

    /// <summary>Starts the pool's workers and waits until they are all ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ProcessPoolLog.PoolStarting(_logger, _options.Size, _launch.ToString());
        var ready = new List<Task>();
        lock (_gate)
        {
            StartWatchdogLocked();
            for (var i = 0; i < _options.Size; i++)
            {
                ready.Add(StartWorkerLocked(throwOnFailure: true)!.ReadySignal.Task);
            }
        }

        try
        {
            await Task.WhenAll(ready).WaitAsync(_options.StartTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"Process pool workers ({_launch}) were not ready within {_options.StartTimeout}.");
        }
    }

    public ValueTask<Payload> ExecuteAsync(JobInvocation invocation)
    {
        var run = new WorkerRun((ulong)Interlocked.Increment(ref _nextRunId), invocation);
        lock (_gate)
        {
            if (_stopping)
            {
                return ValueTask.FromException<Payload>(new WorkerJobException("The process pool is stopping."));
            }

            _pending.AddLast(run);
            DispatchLocked();
        }

        run.Registration = invocation.Context.CancellationToken.UnsafeRegister(
            static state =>
            {
                var (pool, cancelled) = ((WorkerPool, WorkerRun))state!;
                pool.Cancel(cancelled);
            },
            (this, run));
        return new ValueTask<Payload>(run.Task);
    }

    /// <summary>Stops taking runs, closes every worker's input, and kills those still alive after the stop timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        List<WorkerRun> abandoned;
        List<Task> exits;
        lock (_gate)
        {
            _stopping = true;
            _watchdog?.Dispose();
            abandoned = [.. _suspects, .. _pending];
            _pending.Clear();
            _suspects.Clear();
            foreach (var timer in _restarts)
            {
                timer.Dispose();
            }

            foreach (var worker in _workers)
            {
                worker.State = WorkerState.Retiring;
                worker.Replaced = true;
                worker.CloseInput();
            }

            exits = [.. _workers.Select(w => w.Exited.Task)];
        }

        foreach (var run in abandoned)
        {
            run.Finish(null, new WorkerJobException("The process pool stopped before the job could run."));
        }

        var killed = 0;
        try
        {
            await Task.WhenAll(exits).WaitAsync(_options.StopTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            killed = KillAll();
        }

        ProcessPoolLog.PoolStopped(_logger, killed);
    }

    /// <summary>Kills every worker still alive (the last resort of stopping, and of disposal).</summary>
    public int KillAll()
    {
        WorkerProcess[] alive;
        lock (_gate)
        {
            _stopping = true;
            _watchdog?.Dispose();
            alive = [.. _workers];
        }

        foreach (var worker in alive)
        {
            worker.KillReason ??= "the process pool stopped";
            worker.Kill();
        }

        return alive.Length;
    }

    public void Dispose() => KillAll();

    private WorkerProcess? StartWorkerLocked(bool throwOnFailure = false)
    {
        WorkerProcess worker;
        try
        {
            worker = WorkerProcess.Start(_launch, _options, _time);
        }
        catch (Exception error) when (!throwOnFailure && error is Win32Exception or InvalidOperationException or IOException)
        {
            ScheduleRestartLocked(error);
            return null;
        }
        catch (Exception error) when (error is Win32Exception or IOException)
        {
            throw new InvalidOperationException($"The process pool could not start a worker ({_launch}): {error.Message}", error);
        }

        _workers.Add(worker);
        _ = Task.Run(() => ReadLoopAsync(worker));
        return worker;
    }

    private void ScheduleRestartLocked(Exception? error)
    {
        var backoff = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(_startFailures++, 8))));
        ProcessPoolLog.StartFailed(_logger, _launch.ToString(), backoff, error);
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                lock (_gate)
                {
                    _restarts.Remove(timer!);
                    if (!_stopping)
                    {
                        StartWorkerLocked();
                    }
                }
            },
            null,
            backoff,
            Timeout.InfiniteTimeSpan);
        _restarts.Add(timer);
    }

    private void DispatchLocked()
    {
        if (_suspects.Count > 0 || _reserving)
        {
            DispatchSuspectsLocked();
        }

        while (_pending.First is { } first)
        {
            WorkerProcess? best = null;
            foreach (var worker in _workers)
            {
                if (worker.State == WorkerState.Ready && !worker.Reserved && worker.Quarantined is null
                    && worker.InFlight.Count < _options.MaxInFlightPerWorker
                    && UnderJobLimit(worker)
                    && (best is null || worker.InFlight.Count < best.InFlight.Count))
                {
                    best = worker;
                }
            }

            if (best is null)
            {
                return;
            }

            _pending.RemoveFirst();
            SendLocked(best, first.Value);
        }
    }

    /// <summary>Puts the run in flight on the worker. A closed pipe means the worker is dying: its exit handles the run.</summary>
    private static void SendLocked(WorkerProcess worker, WorkerRun run)
    {
        run.Worker = worker;
        worker.InFlight.Add(run);
        worker.Send(run.Message);
    }
}
