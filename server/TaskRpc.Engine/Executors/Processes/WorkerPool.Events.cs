using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Executors.Processes.Protocol;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>The pool's reactions: a worker ready, a run finished, a cancel, a heartbeat, a worker gone.</summary>
internal sealed partial class WorkerPool
{
    private void OnReady(WorkerProcess worker)
    {
        lock (_gate)
        {
            if (worker.State != WorkerState.Starting)
            {
                return;
            }

            worker.State = WorkerState.Ready;
            _startFailures = 0;
            DispatchLocked();
        }

        worker.ReadySignal.TrySetResult();
        ProcessPoolLog.WorkerReady(_logger, worker.Pid);
    }

    private void Complete(WorkerProcess worker, ulong runId, Payload? result, Exception? error)
    {
        WorkerRun? run;
        lock (_gate)
        {
            var index = worker.InFlight.FindIndex(r => r.Id == runId);
            if (index < 0)
            {
                return; // Already ended (killed after its cancel's grace period).
            }

            run = worker.InFlight[index];
            worker.InFlight.RemoveAt(index);
            worker.Completed++;
            if (worker.Quarantined == run)
            {
                worker.Quarantined = null; // Cleared: it did not crash its worker alone.
            }

            if (worker.State == WorkerState.Ready)
            {
                RecycleIfDueLocked(worker);
            }

            if (worker.State == WorkerState.Retiring && worker.InFlight.Count == 0)
            {
                worker.CloseInput();
            }

            DispatchLocked();
        }

        run.Finish(result, error);
    }

    private void RecycleIfDueLocked(WorkerProcess worker, long knownRss = 0)
    {
        string? reason = null;
        if (_options.MaxJobsPerWorker > 0 && worker.Completed >= _options.MaxJobsPerWorker)
        {
            reason = $"job limit {_options.MaxJobsPerWorker}";
        }
        else if (_options.MaxWorkerMemoryBytes > 0)
        {
            var rss = knownRss > 0 ? knownRss : WorkerMemory.ResidentBytes(worker.Pid);
            if (rss > _options.MaxWorkerMemoryBytes)
            {
                reason = $"resident memory {rss} bytes over the limit of {_options.MaxWorkerMemoryBytes}";
            }
        }

        if (reason is null)
        {
            return;
        }

        // Retire it: it takes no more runs, finishes those it has, then its input is closed and it exits.
        worker.State = WorkerState.Retiring;
        _metrics.WorkerReplaced("recycled");
        ProcessPoolLog.WorkerRecycled(_logger, worker.Pid, worker.Completed, reason);
        ReplaceLocked(worker);
    }

    private void ReplaceLocked(WorkerProcess worker)
    {
        if (!worker.Replaced && !_stopping)
        {
            worker.Replaced = true;
            StartWorkerLocked();
        }
    }

    private void OnHeartbeat(WorkerProcess worker, long rss)
    {
        lock (_gate)
        {
            if (worker.State == WorkerState.Ready && worker.InFlight.Count == 0 && _options.MaxWorkerMemoryBytes > 0)
            {
                RecycleIfDueLocked(worker, rss);
                if (worker.State == WorkerState.Retiring)
                {
                    worker.CloseInput();
                }
            }
        }
    }

    /// <summary>The job's token fired: drop it if it waits here, else tell its worker and arm the grace timer.</summary>
    private void Cancel(WorkerRun run)
    {
        lock (_gate)
        {
            if (run.Task.IsCompleted)
            {
                return;
            }

            if (run.Worker is null)
            {
                if (!_pending.Remove(run) && _suspects.Remove(run))
                {
                    DispatchLocked(); // It may have held a worker back.
                }
            }
            else
            {
                if (!run.CancelSent)
                {
                    run.CancelSent = true;
                    run.Worker.Send(new WorkerMessage { Cancel = new Cancel { RunId = run.Id } });
                    run.GraceTimer = _time.CreateTimer(
                        static state =>
                        {
                            var (pool, expired) = ((WorkerPool, WorkerRun))state!;
                            pool.OnGraceExpired(expired);
                        },
                        (this, run),
                        _options.CancelGracePeriod,
                        Timeout.InfiniteTimeSpan);
                }

                return;
            }
        }

        run.Finish(null, new OperationCanceledException(run.Invocation.Context.CancellationToken));
    }

    /// <summary>The handler ignored its cancel for the whole grace period: kill its worker (the job ends at once) and replace it.</summary>
    private void OnGraceExpired(WorkerRun run)
    {
        WorkerProcess? worker;
        lock (_gate)
        {
            worker = run.Worker;
            if (run.Task.IsCompleted || worker is null || worker.State == WorkerState.Dead)
            {
                return;
            }

            worker.State = WorkerState.Retiring; // The run stays in flight: at the exit it is the known culprit, the rest go back.
            worker.Culprit = run;
            worker.KillReason = $"job {run.Invocation.Context.JobId} ignored its cancel for {_options.CancelGracePeriod}";
            _metrics.WorkerReplaced("cancel_timeout");
            ReplaceLocked(worker);
        }

        ProcessPoolLog.WorkerKilled(_logger, worker.Pid, run.Invocation.Context.JobId, _options.CancelGracePeriod);
        worker.Kill();
        run.Finish(null, new WorkerJobException(new JobError(
            JobErrorCodes.Aborted,
            $"Worker process {worker.Pid} was killed: attempt {run.Invocation.Context.Attempt} did not stop within {_options.CancelGracePeriod} of its cancel."),
            retryable: true));
    }

    /// <summary>
    /// A worker is gone: fail the run that took it down (the one the pool killed it for, or its only
    /// run) and give the others back to the pool; with several in flight and no known culprit, all
    /// are suspects, re-run each alone. Replace the worker.
    /// </summary>
    private void OnExited(WorkerProcess worker, int exitCode)
    {
        var how = WorkerExit.Describe(exitCode);
        WorkerRun? crashed = null;
        var cancelled = new List<WorkerRun>();
        var suspects = 0;
        var wasReady = false;
        lock (_gate)
        {
            wasReady = worker.State != WorkerState.Starting;
            var unexpected = worker.State is WorkerState.Starting or WorkerState.Ready;
            if (unexpected && worker.KillReason is null && !_stopping)
            {
                _metrics.WorkerReplaced("crashed");
            }

            worker.State = WorkerState.Dead;
            _workers.Remove(worker);
            if (worker.InFlight.Count > 0)
            {
                crashed = worker.Culprit ?? (worker.InFlight.Count == 1 || _stopping ? worker.InFlight[0] : null);
                for (var i = worker.InFlight.Count - 1; i >= 0; i--)
                {
                    var waiting = worker.InFlight[i];
                    if (waiting == crashed)
                    {
                        continue;
                    }

                    waiting.Worker = null;
                    waiting.CancelSent = false;
                    if (waiting.Invocation.Context.CancellationToken.IsCancellationRequested)
                    {
                        cancelled.Add(waiting);
                    }
                    else if (crashed is null)
                    {
                        waiting.Suspect = true;
                        _suspects.AddFirst(waiting);
                        suspects++;
                    }
                    else
                    {
                        _pending.AddFirst(waiting);
                    }
                }

                worker.InFlight.Clear();
            }

            if (unexpected && !wasReady && !_stopping)
            {
                worker.Replaced = true;
                ScheduleRestartLocked(null); // It died before it was ready: back off, in case it always does.
            }
            else
            {
                ReplaceLocked(worker);
            }

            DispatchLocked();
        }

        worker.ReadySignal.TrySetException(new InvalidOperationException($"Process pool worker {worker.Pid} ({_launch}) {how} before it was ready."));
        if (suspects > 0)
        {
            ProcessPoolLog.WorkerCrashedSuspects(_logger, worker.Pid, how, suspects);
        }

        if (crashed is not null)
        {
            if (worker.KillReason is null)
            {
                ProcessPoolLog.WorkerCrashed(_logger, worker.Pid, how, 1);
            }

            var detail = worker.KillReason is { } reason ? $" (the pool killed it: {reason})" : string.Empty;
            var alone = crashed.Suspect ? " alone (re-run after an earlier worker died with it and other jobs in flight)" : string.Empty;
            crashed.Finish(null, new WorkerJobException(new JobError(
                JobErrorCodes.Aborted,
                $"Worker process {worker.Pid} {how}{detail} while running attempt {crashed.Invocation.Context.Attempt} of job {crashed.Invocation.Context.JobId}{alone}."),
                retryable: true));
        }

        foreach (var run in cancelled)
        {
            run.Finish(null, new OperationCanceledException(run.Invocation.Context.CancellationToken));
        }

        worker.Exited.TrySetResult();
        if (_logger.IsEnabled(LogLevel.Debug) && crashed is null && suspects == 0 && wasReady)
        {
            ProcessPoolLog.WorkerExited(_logger, worker.Pid, how);
        }
    }
}
