using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle.Cluster;

/// <content>The direct start: a slot for a job submitted on this node, taken while nothing may wait in the store.</content>
internal sealed partial class ClaimQueue
{
    /// <summary>
    /// Takes a slot for a job of <paramref name="task"/> that this node starts at once (the direct
    /// start): true when the queue runs, has a free slot and lane room, and no runnable job may be
    /// waiting in the store. While claims are under way (the store may hold jobs only they will
    /// find) it waits for them to end, at most <see cref="MaxRoundsWaited"/> rounds, and asks once
    /// more, rather than create the job queued for a later round to claim (each queued job's signal
    /// would wake one more round). The caller then creates the job started and
    /// <see cref="Run(JobSnapshot, TaskDescriptor)">runs</see> it, or gives the slot back with <see cref="Unreserve"/>.
    /// </summary>
    public ValueTask<bool> TryReserveAsync(TaskDescriptor task, CancellationToken cancellationToken = default)
    {
        Task claimsEnd;
        lock (_gate)
        {
            if (!_claiming || !HasRoom(task))
            {
                return new(TryReserveLocked(task));
            }

            claimsEnd = (_claimsEnd ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        return ReserveAfterAsync(claimsEnd, task, cancellationToken);
    }

    private async ValueTask<bool> ReserveAfterAsync(Task claimsEnd, TaskDescriptor task, CancellationToken cancellationToken)
    {
        await claimsEnd.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return TryReserveLocked(task);
        }
    }

    /// <summary>Under the gate: takes a slot when there is room and nothing may wait in the store.</summary>
    private bool TryReserveLocked(TaskDescriptor task)
    {
        if (_backlog || _claiming || !HasRoom(task))
        {
            return false;
        }

        TakeSlot(task);
        return true;
    }

    /// <summary>Under the gate: the queue runs and has a free slot, and <paramref name="task"/> is its own and has lane room.</summary>
    private bool HasRoom(TaskDescriptor task)
    {
        var lane = task.Lane;
        return _started && _running < _capacity && _tasks.ContainsKey(task.Name) && (lane.Limit == 0 || lane.Running < lane.Limit);
    }

    /// <summary>Gives back a slot <see cref="TryReserveAsync"/> took for a job that was not created.</summary>
    public void Unreserve(TaskDescriptor task) => Release(task);

    /// <summary>Runs a job created started on this node, in the slot <see cref="TryReserveAsync"/> took.</summary>
    public void Run(JobSnapshot started, TaskDescriptor task)
    {
        var rt = new JobRuntime(started, task, this, _runner) { Claimed = true };
        _active.TryAdd(rt);
        Dispatch(rt);
    }

    /// <summary>Runs <paramref name="rt"/>, a job started on this node and already in the active jobs, in the slot <see cref="TryReserveAsync"/> took.</summary>
    public static void Dispatch(JobRuntime rt) => ThreadPool.UnsafeQueueUserWorkItem(rt, preferLocal: false);
}
