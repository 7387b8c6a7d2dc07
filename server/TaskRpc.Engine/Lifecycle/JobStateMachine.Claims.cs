using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The transitions of a store shared by several nodes: a claim is the Running transition,
/// computed here and applied by the store to the rows it locked; a job another node took over
/// is forgotten here.
/// </summary>
internal sealed partial class JobStateMachine
{
    /// <summary>
    /// A claim of up to <paramref name="maxCount"/> jobs of <paramref name="tasks"/> starting now on
    /// this node: the store writes each claimed job's Running transition as <see cref="Started"/>
    /// computes it (next attempt, started now, error cleared, this node's lease), with its event.
    /// </summary>
    public ClaimRequest Claim(ExecutorKind executor, IReadOnlyList<string> tasks, int maxCount, DateTimeOffset now) =>
        new(executor, tasks, maxCount, now, _options.NodeId, now + _options.LeaseDuration);

    /// <summary>
    /// Creates <paramref name="job"/> already started on this node (a shared store's direct start:
    /// this node had a free slot and nothing runnable was waiting): stored Running, attempt 1, with
    /// this node's lease and both its events, then published as a create followed by a claim.
    /// Returns the job as written (Running) when created; otherwise the job holding its idempotency key.
    /// </summary>
    public async ValueTask<CreateJobResult> CreateStartedAsync(ISharedJobStore store, JobSnapshot job, CancellationToken cancellationToken)
    {
        var created = CreatedEvent(job);
        var running = Started(job, _time.GetUtcNow());
        var started = StartedEvent(running);
        var result = await store.CreateStartedAsync(running, created, started, cancellationToken).ConfigureAwait(false);
        if (!result.Created)
        {
            return result;
        }

        PublishCreated(created, job);
        _hub.Publish(started, running);
        return result;
    }

    /// <summary>The job as created started on this node now (<see cref="CreateStartedAsync"/>): Running, attempt 1, this node's lease.</summary>
    public JobSnapshot StartedHere(JobSnapshot job) => Started(job, _time.GetUtcNow());

    /// <summary>
    /// The pipelined direct start (<see cref="ISharedJobStore.OrdersCreateStarted"/>): queues the
    /// create of <paramref name="rt"/>'s job, whose <see cref="JobRuntime.Current"/> is
    /// <see cref="StartedHere"/> of <paramref name="queued"/>, and makes its commit and
    /// publication the runtime's <see cref="JobRuntime.PendingStart"/>, so the attempt may start
    /// now: its later transitions queue behind the create (often into the same transaction) and
    /// are published after it. If the create fails, the job leaves this node's active jobs, its
    /// attempt is stopped and nothing more of it is written (<see cref="CommitAsync(JobRuntime, JobSnapshot, JobEvent)"/>).
    /// Returns the create's write, which faults as the store's call does.
    /// </summary>
    public Task<CreateJobResult> BeginCreateStarted(ISharedJobStore store, JobSnapshot queued, JobRuntime rt)
    {
        var running = rt.Current;
        var created = CreatedEvent(queued);
        var started = StartedEvent(running);
        var write = store.CreateStartedAsync(running, created, started, CancellationToken.None).AsTask(); // Once queued, it commits or fails: no caller may cancel it.
        rt.PendingStart = PublishCreateStartedAsync(write, rt, queued, created, started);
        return write;
    }

    private async Task<bool> PublishCreateStartedAsync(Task<CreateJobResult> write, JobRuntime rt, JobSnapshot queued, JobEvent created, JobEvent started)
    {
        var running = rt.Current;
        try
        {
            await write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The submission fails with it (its caller awaits the write); here the attempt is dropped.
        catch (Exception)
#pragma warning restore CA1031
        {
            _active.Remove(rt); // Relinquishes it: its waiters follow the job through the store (where it is not).
            rt.RequestCancel(CancelReason.Shutdown, null);
            return false;
        }

        PublishCreated(created, queued);
        _hub.Publish(started, running);
        return true;
    }

    /// <summary>Publishes a committed claim's Running event, before anything else of its attempt.</summary>
    public void PublishClaimed(JobSnapshot job) => _hub.Publish(StartedEvent(job), job);

    /// <summary>The job's next attempt starting now on this node, with this node's lease.</summary>
    private JobSnapshot Started(JobSnapshot job, DateTimeOffset now) => job with
    {
        State = JobState.Running,
        Attempt = job.Attempt + 1,
        StartedAt = now,
        Error = null,
        LeaseOwner = _options.NodeId,
        LeaseExpiresAt = now + _options.LeaseDuration,
        LastSequence = job.LastSequence + 1,
    };

    private static JobEvent StartedEvent(JobSnapshot running) => new()
    {
        JobId = running.Id,
        Sequence = running.LastSequence,
        Time = running.StartedAt!.Value,
        StateChange = JobStateChange.Running(running.Attempt),
    };

    /// <summary>Whether a running job's lease is this node's (always, unless the store is shared and another node took the job over).</summary>
    private bool IsOwnLease(JobSnapshot job) => string.Equals(job.LeaseOwner, _options.NodeId, StringComparison.Ordinal);

    /// <summary>
    /// After a conflict: a job that is no longer this node's (queued in a shared store's queue,
    /// running on another node, or ended there) leaves this node's active jobs.
    /// </summary>
    private void ForgetIfElsewhere(JobRuntime rt, JobSnapshot stored)
    {
        if (rt.Queue.HandsOffQueued && !(stored.State == JobState.Running && IsOwnLease(stored)))
        {
            _active.Remove(rt);
        }
    }
}
