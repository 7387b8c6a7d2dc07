using System.Threading.Channels;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>
/// A job store that several nodes share (PostgreSQL): the queue lives in the store, and the nodes
/// learn of each other's writes through signals. When the engine's store implements it, a node
/// keeps no queue in memory: it claims runnable jobs for its free executor slots
/// (<see cref="ClaimAsync"/>), follows jobs that run elsewhere through the store's event log
/// (a signal only wakes it to re-read from its last sequence), asks the owning node to cancel a
/// running job (<see cref="RequestCancelAsync"/>), takes over jobs whose lease expired
/// (<see cref="FindAbandonedAsync"/>), and does the cluster-wide duties (retention sweeps,
/// schedule-to-start timeouts) only while it leads (<see cref="TryLeadAsync"/>).
/// </summary>
/// <remarks>
/// A write that changes a job must signal it in the same transaction: every new event
/// (<see cref="StoreSignalKind.JobChanged"/>), and every job that becomes Queued, created or
/// re-queued (<see cref="StoreSignalKind.JobQueued"/>), so a signal is never seen before the
/// write it announces is visible. Signals may be lost (a broken listen connection): the store
/// then sends <see cref="StoreSignalKind.Resync"/> when it listens again, and the engine also
/// polls every <see cref="EngineOptions.SharedStorePollInterval"/>.
/// </remarks>
public interface ISharedJobStore : IJobStore
{
    /// <summary>
    /// Listens for the signals of every node (this one's included) and writes them to
    /// <paramref name="signals"/> until <paramref name="cancellationToken"/> fires, on a
    /// connection of its own, reconnecting when it breaks. After each (re)connection, once
    /// listening, it writes a <see cref="StoreSignalKind.Resync"/> signal; when the connection
    /// breaks, a <see cref="StoreSignalKind.ListenLost"/> one. Never throws but for
    /// cancellation.
    /// </summary>
    /// <param name="signals">Where to write the signals.</param>
    /// <param name="cancellationToken">Stops listening.</param>
    /// <returns>Completes when stopped.</returns>
    Task ListenAsync(ChannelWriter<StoreSignal> signals, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <see cref="ClaimRequest.MaxCount"/> runnable jobs of one executor in one
    /// transaction: Queued, of one of <see cref="ClaimRequest.Tasks"/>, not before their
    /// not-before time, highest priority first and oldest first within a priority, skipping rows
    /// other nodes have locked (<c>FOR UPDATE SKIP LOCKED</c>). Each claimed job gets its Running
    /// transition and that transition's event, as <see cref="IJobStore.TryApplyAsync"/> would
    /// write them: the next attempt, started at <see cref="ClaimRequest.Now"/>, its error cleared,
    /// leased to <see cref="ClaimRequest.Owner"/> until <see cref="ClaimRequest.LeaseExpiresAt"/>,
    /// the next sequence; the claim is that transition (one round trip on PostgreSQL).
    /// </summary>
    /// <param name="request">What to claim.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed jobs as written, and when the next delayed job of the executor becomes runnable.</returns>
    ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a job that starts at once on the node creating it (the node had a free slot and no
    /// runnable job was waiting for it): the job is written in its Running state (attempt 1,
    /// started, leased to the node) with both its events, Queued (sequence 1) and Running
    /// (sequence 2), in one transaction, as <see cref="IJobStore.CreateAsync"/> followed by a
    /// <see cref="ClaimAsync">claim</see> would leave it; it is never runnable for another node,
    /// so no <see cref="StoreSignalKind.JobQueued"/> is signalled. Idempotency keys behave as in
    /// <see cref="IJobStore.CreateAsync"/>: when a retained job holds the key, nothing is created
    /// and that job is returned.
    /// </summary>
    /// <param name="job">The new job in its Running state; its <see cref="JobSnapshot.LastSequence"/> is 2.</param>
    /// <param name="created">Its first event (Queued), sequence 1.</param>
    /// <param name="started">Its Running event, sequence 2.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created or the existing job.</returns>
    ValueTask<CreateJobResult> CreateStartedAsync(JobSnapshot job, JobEvent created, JobEvent started, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when a <see cref="CreateStartedAsync"/> of a job without an idempotency key, and the
    /// transitions and lease renewals of that job called after it, are applied in the order they
    /// were called (one writer queue): a transition called before the create committed commits
    /// in the same transaction or a later one, and fails (its version check, or with the create's
    /// transaction) when the create did not commit. The node then starts such a job's handler at
    /// once, before its create is durable (the pipelined direct start), and publishes nothing of
    /// the job, nor answers its submission, before the create committed. False by default.
    /// </summary>
    bool OrdersCreateStarted => false;

    /// <summary>
    /// Records a request to cancel a running job (kept until the job ends) and signals
    /// <see cref="StoreSignalKind.CancelRequested"/> to its lease owner.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="reason">The caller's reason, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when recorded; false when the job is not running.</returns>
    ValueTask<bool> RequestCancelAsync(string jobId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>The running jobs leased by <paramref name="owner"/> that someone asked to cancel.</summary>
    /// <param name="owner">The node that holds the leases.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests; empty when there are none.</returns>
    ValueTask<IReadOnlyList<CancelRequest>> ReadCancelRequestsAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Running jobs whose attempt is certainly dead: their lease expired before
    /// <paramref name="now"/>, or (when given) <paramref name="formerOwner"/> holds it, a node
    /// that restarted under the same name. Oldest first, at most <paramref name="maxCount"/>.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="formerOwner">This node's name at start-up, or null.</param>
    /// <param name="maxCount">The most jobs to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs.</returns>
    ValueTask<IReadOnlyList<JobSnapshot>> FindAbandonedAsync(DateTimeOffset now, string? formerOwner, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queued jobs that never started and whose schedule-to-start timeout passed before
    /// <paramref name="now"/> (counted from creation, or from the not-before time when later).
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="maxCount">The most jobs to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs.</returns>
    ValueTask<IReadOnlyList<JobSnapshot>> FindStartOverdueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or keeps the cluster-wide lead (one row: its holder and expiry): true when
    /// <paramref name="owner"/> holds it until <paramref name="now"/> + <paramref name="term"/>,
    /// because it held it or the previous holder's term ran out.
    /// </summary>
    /// <param name="owner">This node's name.</param>
    /// <param name="now">The current time.</param>
    /// <param name="term">How long the lead lasts unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True while this node leads.</returns>
    ValueTask<bool> TryLeadAsync(string owner, DateTimeOffset now, TimeSpan term, CancellationToken cancellationToken = default);
}
