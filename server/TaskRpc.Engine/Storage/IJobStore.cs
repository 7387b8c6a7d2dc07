using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>
/// The authority on jobs and their event logs. The engine's state machine is its only writer:
/// each transition writes the new snapshot and its event together, guarded by an optimistic
/// version check on <see cref="JobSnapshot.LastSequence"/>. Designed so a durable single-node
/// store (SQLite) and a clustered one (PostgreSQL, several nodes claiming jobs with leases and
/// heartbeats) fit behind it: a node claims a queued job by applying its Running transition
/// with its lease fields set; the version check makes the claim atomic.
/// Implementations must be thread-safe.
/// </summary>
/// <remarks>
/// Leases: a node that starts an attempt writes itself as <see cref="JobSnapshot.LeaseOwner"/>
/// with an expiry <see cref="EngineOptions.LeaseDuration"/> ahead, and renews it every third of
/// that duration (<see cref="RenewLeaseAsync"/>, one heartbeat loop per node) while the attempt
/// runs. On start a node recovers the running jobs whose attempt is certainly dead: all of them
/// when the store is <see cref="IsExclusive"/>, otherwise only those whose lease expired or that
/// it held itself before a restart. A clustered store (PostgreSQL) implements the same calls with
/// <c>UPDATE … WHERE last_sequence = @expected</c> (claims, transitions) and
/// <c>UPDATE … WHERE lease_owner = @owner</c> (heartbeats), reports <see cref="IsExclusive"/>
/// false, and a node that finds a running job with an expired lease takes it over through the
/// same versioned transition (re-queue with the attempt counted, or fail ABORTED).
/// Writes that fail because the store is full throw <c>StoreFullException</c>
/// (RESOURCE_EXHAUSTED); writes and reads that fail because it can't be used (corrupt, locked,
/// I/O error) throw <c>StoreUnavailableException</c> (UNAVAILABLE). A write that returned has
/// been made durable.
/// </remarks>
public interface IJobStore
{
    /// <summary>
    /// True when this process is the store's only user (in-memory; SQLite, whose file the process
    /// holds locked): every lease found at start belongs to a process that is gone. False for a
    /// store shared by live nodes, where only expired leases may be taken over.
    /// </summary>
    bool IsExclusive { get; }

    /// <summary>
    /// True when the store applies writes in the order they were called (one writer queue, or
    /// writes that are done when the call returns): a transition called before the previous
    /// transition of the same job returned is applied after it (in the same commit or a later
    /// one). The engine then may call a job's next transition before the previous one is durable
    /// (it still reports each one only after its own call returned). False by default: a store
    /// that may apply concurrent calls in any order (e.g. over a connection pool).
    /// </summary>
    bool OrdersWrites => false;

    /// <summary>
    /// Creates a job with its first event. When the job has an idempotency key that a retained
    /// job already holds, creates nothing and returns that job instead, atomically. A job whose
    /// <see cref="JobSnapshot.ExpiresAt"/> is at or before the new job's
    /// <see cref="JobSnapshot.CreatedAt"/> (the current time) no longer holds its key, whether or
    /// not it has been deleted yet: the store deletes it and creates the new job.
    /// </summary>
    /// <param name="job">The new job; its <see cref="JobSnapshot.LastSequence"/> is 1.</param>
    /// <param name="created">The job's first event, sequence 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created or the existing job.</returns>
    ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default);

    /// <summary>The job, or null when no job has the id.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job or null.</returns>
    ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a transition: the job's new snapshot and its event, atomically, only if the stored
    /// job is still at <paramref name="expectedSequence"/>. A transition changes only the job's
    /// state fields (state, attempt, result, error, progress, start/finish/not-before times,
    /// sequence, expiry, lease); what was fixed at creation (task, args, retry policy, labels,
    /// priority, executor, limits, idempotency key, creation time, timeouts) stays as created,
    /// so a store may write the state fields only.
    /// </summary>
    /// <param name="job">The new snapshot; its <see cref="JobSnapshot.LastSequence"/> equals the event's sequence.</param>
    /// <param name="jobEvent">The event; its sequence is <paramref name="expectedSequence"/> + 1.</param>
    /// <param name="expectedSequence">The stored job's <see cref="JobSnapshot.LastSequence"/> the transition was computed from.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when written; false when the job changed meanwhile or no longer exists.</returns>
    ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default);

    /// <summary>The job's events from a sequence on, in order, at most <paramref name="maxCount"/>.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="fromSequence">The first sequence to return (1 for the whole log).</param>
    /// <param name="maxCount">The most events to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events; empty when there are none or no job has the id.</returns>
    ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Jobs that match the filter, newest first (by id, which is time-ordered), a page at a time.
    /// Pages are stable under inserts: the token is the last id returned. With
    /// <see cref="JobFilter.RetainedAt"/> set, jobs expired by then are left out even if not yet deleted.
    /// </summary>
    /// <param name="filter">Which jobs.</param>
    /// <param name="pageSize">The most jobs to return, at least 1.</param>
    /// <param name="pageToken">A previous page's <see cref="JobPage.NextPageToken"/>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>Every job that is not terminal: what a node recovers on start.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs, oldest first.</returns>
    ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the jobs (and their events and idempotency keys) whose <see cref="JobSnapshot.ExpiresAt"/> has passed.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many jobs were deleted.</returns>
    ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends a running job's lease (a heartbeat) without a new event, only while
    /// <paramref name="owner"/> still holds it.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="owner">The node that holds the lease.</param>
    /// <param name="expiresAt">The new lease expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when renewed; false when the lease was lost or the job is not running.</returns>
    ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
