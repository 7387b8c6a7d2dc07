using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// Where a job waits for its executor: the node's own in-memory <see cref="ExecutorQueue"/>, or,
/// with a store shared by several nodes, the store itself (<see cref="Cluster.ClaimQueue"/>).
/// </summary>
internal interface IJobQueue
{
    /// <summary>The executor the queue feeds.</summary>
    ExecutorKind Kind { get; }

    /// <summary>
    /// True when a job that becomes Queued leaves this node (a shared store's queue: any node may
    /// claim it): the state machine then forgets it.
    /// </summary>
    bool HandsOffQueued { get; }

    /// <summary>A queued job is runnable now (its not-before time passed).</summary>
    void Enqueue(JobRuntime job);

    /// <summary>A dispatched job's attempt is over: its executor and task slots are free.</summary>
    void Release(JobRuntime job);

    /// <summary>A job of <paramref name="tenant"/> entered the Queued state without a reservation (a retry or recovery).</summary>
    /// <param name="tenant">The job's tenant ("" for none).</param>
    void EnterWaiting(string tenant);

    /// <summary>A job of <paramref name="tenant"/> left the Queued state (started or ended), or a reservation was not used.</summary>
    /// <param name="tenant">The job's tenant ("" for none).</param>
    void LeaveWaiting(string tenant);
}
