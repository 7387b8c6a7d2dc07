namespace TaskRpc.Engine.Executors.Processes;

/// <content>A read-only view of the workers, for the dashboard and stats.</content>
internal sealed partial class WorkerPool
{
    /// <summary>The live workers (not the dead), oldest first; their memory is read after the lock is left.</summary>
    public IReadOnlyList<WorkerInfo> Snapshot()
    {
        (int Pid, WorkerState State, int InFlight, int JobsRun)[] workers;
        lock (_gate)
        {
            workers = [.. _workers.Where(w => w.State != WorkerState.Dead).Select(w => (w.Pid, w.State, w.InFlight.Count, w.Completed))];
        }

        return [.. workers.Select(w => new WorkerInfo(w.Pid, w.State, w.InFlight, w.JobsRun, WorkerMemory.ResidentBytes(w.Pid)))];
    }
}
