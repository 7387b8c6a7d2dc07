using Microsoft.Extensions.Logging;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>The pool's watchdog: hung workers (silent past the heartbeat timeout, or never ready) are killed.</summary>
internal sealed partial class WorkerPool
{
    private ITimer? _watchdog;
    private long _lastTick;
    private long _watchingSince;

    /// <summary>Starts the watchdog's timer, ticking every heartbeat interval, unless the timeout is infinite.</summary>
    private void StartWatchdogLocked()
    {
        if (_options.HeartbeatTimeout != Timeout.InfiniteTimeSpan)
        {
            _lastTick = _watchingSince = _time.GetTimestamp();
            _watchdog = _time.CreateTimer(static state => ((WorkerPool)state!).KillHungWorkers(), this, _options.HeartbeatInterval, _options.HeartbeatInterval);
        }
    }

    /// <summary>
    /// The watchdog's tick: kills every ready or retiring worker that has sent nothing for the
    /// heartbeat timeout, and every starting one not ready within the start timeout. A killed
    /// worker's exit then fails the run it was running, like any crash, with the reason. Silence
    /// counts only while the watchdog itself has been ticking on time: after the server was
    /// frozen (stopped, paused VM, long GC), its workers get a full timeout to be heard again.
    /// </summary>
    private void KillHungWorkers()
    {
        List<(WorkerProcess Worker, TimeSpan Silent)>? hung = null;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_lastTick, now) > _options.HeartbeatTimeout / 2)
            {
                _watchingSince = now;
            }

            _lastTick = now;
            var watched = _time.GetElapsedTime(_watchingSince, now);
            foreach (var worker in _workers)
            {
                var heard = _time.GetElapsedTime(worker.LastHeard, now);
                var silent = heard < watched ? heard : watched;
                var limit = worker.State == WorkerState.Starting ? _options.StartTimeout : _options.HeartbeatTimeout;
                if (worker.State != WorkerState.Dead && worker.KillReason is null && silent > limit)
                {
                    (hung ??= []).Add((worker, silent));
                }
            }

            foreach (var (worker, silent) in hung ?? [])
            {
                if (worker.State == WorkerState.Starting)
                {
                    // Its exit restarts it with a back-off, like any worker that dies before it is ready.
                    worker.KillReason = $"it was not ready within StartTimeout {_options.StartTimeout}";
                    _metrics.WorkerReplaced("not_ready");
                    continue;
                }

                worker.State = WorkerState.Retiring;
                worker.KillReason = $"it sent nothing, not even a heartbeat, for {silent.TotalSeconds:0.0} s (HeartbeatTimeout {_options.HeartbeatTimeout})";
                _metrics.WorkerReplaced("hung");
                ReplaceLocked(worker); // Adds to _workers, so not inside the loop above.
            }
        }

        foreach (var (worker, silent) in hung ?? [])
        {
            ProcessPoolLog.WorkerHung(_logger, worker.Pid, silent, worker.KillReason!);
            worker.Kill();
        }
    }
}
