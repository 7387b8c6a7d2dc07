namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// Suspects: the runs of a worker that died with several in flight and no known culprit. The
/// worker runs its runs one at a time in order, but the one that crashed it is not necessarily the
/// oldest: a finished run's result may still be in the worker when the next run takes it down. So
/// none is blamed; each is re-run alone (quarantine: its worker takes no other run meanwhile), with
/// the same attempt, so a crash there is its own and is handled as any crash with one run in flight.
/// </summary>
internal sealed partial class WorkerPool
{
    /// <summary>Some workers are held back (<see cref="WorkerProcess.Reserved"/>) for suspects.</summary>
    private bool _reserving;

    /// <summary>
    /// Sends each waiting suspect to an idle ready worker (a held-back one first, then the freshest),
    /// which takes no other run until it ends; then holds back one more worker for each suspect still
    /// waiting (a starting replacement first, then the least busy), so that it drains instead of
    /// taking new runs, and releases the workers held back for suspects no longer waiting.
    /// </summary>
    private void DispatchSuspectsLocked()
    {
        while (_suspects.First is { } first)
        {
            WorkerProcess? idle = null;
            foreach (var worker in _workers)
            {
                if (worker.State == WorkerState.Ready && worker.InFlight.Count == 0 && worker.Quarantined is null && UnderJobLimit(worker)
                    && (idle is null || (worker.Reserved && !idle.Reserved) || (worker.Reserved == idle.Reserved && worker.Completed < idle.Completed)))
                {
                    idle = worker;
                }
            }

            if (idle is null)
            {
                break;
            }

            _suspects.RemoveFirst();
            idle.Reserved = false;
            idle.Quarantined = first.Value;
            SendLocked(idle, first.Value);
        }

        var reserved = 0;
        foreach (var worker in _workers)
        {
            if (worker.Reserved && worker.State is WorkerState.Starting or WorkerState.Ready)
            {
                reserved++;
            }
        }

        while (reserved < _suspects.Count && NextToReserve() is { } worker)
        {
            worker.Reserved = true;
            reserved++;
        }

        if (reserved > _suspects.Count)
        {
            foreach (var worker in _workers)
            {
                if (reserved > _suspects.Count && worker.Reserved)
                {
                    worker.Reserved = false;
                    reserved--;
                }
            }
        }

        _reserving = reserved > 0;
    }

    /// <summary>The worker to hold back next for a suspect: a starting one (fresh, idle once ready), else the ready one with the fewest runs in flight.</summary>
    private WorkerProcess? NextToReserve()
    {
        WorkerProcess? next = null;
        foreach (var worker in _workers)
        {
            if (worker.State is WorkerState.Starting or WorkerState.Ready && !worker.Reserved && worker.Quarantined is null
                && (next is null || Rank(worker) < Rank(next)))
            {
                next = worker;
            }
        }

        return next;

        static int Rank(WorkerProcess worker) => worker.State == WorkerState.Starting ? -1 : worker.InFlight.Count;
    }

    private bool UnderJobLimit(WorkerProcess worker) =>
        _options.MaxJobsPerWorker == 0 || worker.Completed + worker.InFlight.Count < _options.MaxJobsPerWorker;
}
