using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine;

/// <summary>
/// The job engine's entry point for the service layer. Every method raises
/// <see cref="Errors.TaskRpcException"/> subclasses for a caller's mistakes (see
/// <see cref="Errors.TaskRpcErrorKind"/> for the status each maps to), and
/// <see cref="OperationCanceledException"/> when its token fires.
/// </summary>
public interface IJobEngine
{
    /// <summary>The registered tasks, by name.</summary>
    IReadOnlyList<TaskInfo> Tasks { get; }

    /// <summary>
    /// Accepts a job. Returns it as accepted (Queued), or the job first submitted with the same
    /// idempotency key while that job is retained (past its retention the key makes a new job).
    /// The args are checked against the task now (its <see cref="Tasks.IArgsValidator{TArgs}"/>
    /// too), and the job against <see cref="EngineOptions.MaxJobSizeBytes"/>.
    /// </summary>
    /// <param name="submission">The job to run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    /// <exception cref="Errors.TaskNotFoundException">No task has the name.</exception>
    /// <exception cref="Errors.InvalidSubmissionException">The args or settings do not fit.</exception>
    /// <exception cref="Errors.QueueFullException">The task's executor queue is full.</exception>
    /// <exception cref="Errors.StoreFullException">The job store is full.</exception>
    /// <exception cref="Errors.EngineUnavailableException">The engine is stopping.</exception>
    ValueTask<JobSnapshot> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>The job as it is now.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    /// <exception cref="Errors.JobNotFoundException">No job has the id, or it is no longer retained.</exception>
    ValueTask<JobSnapshot> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the job is terminal, or until <paramref name="timeout"/> passes: then returns the job as it is (not an error).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="timeout">The longest wait; null: no limit.</param>
    /// <param name="cancellationToken">Cancels the wait (e.g. the call's deadline).</param>
    /// <returns>The job.</returns>
    /// <exception cref="Errors.JobNotFoundException">No job has the id.</exception>
    ValueTask<JobSnapshot> AwaitAsync(string jobId, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>asyncio.wait</c>: waits until <paramref name="returnWhen"/> is met or the timeout passes,
    /// and returns the done and the pending jobs, each in the order of <paramref name="jobIds"/>
    /// (duplicates ignored; 1 to 10,000 ids).
    /// </summary>
    /// <param name="jobIds">The jobs to wait for.</param>
    /// <param name="returnWhen">When to return.</param>
    /// <param name="timeout">The longest wait; null: no limit.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The done and the pending jobs.</returns>
    /// <exception cref="Errors.JobNotFoundException">An id is unknown.</exception>
    /// <exception cref="Errors.InvalidSubmissionException">No ids, or too many.</exception>
    ValueTask<WaitResult> WaitAsync(IReadOnlyList<string> jobIds, ReturnWhen returnWhen = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a job: a queued job never runs and is Cancelled at once; a running job's handler
    /// sees its token fire and the job ends Cancelled (returned here still Running); a terminal job
    /// is unchanged and <see cref="CancelResult.Cancelled"/> is false.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="reason">Why, recorded in the job's error message; or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job and whether this request cancelled it.</returns>
    /// <exception cref="Errors.JobNotFoundException">No job has the id.</exception>
    ValueTask<CancelResult> CancelAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every event of the job from <paramref name="fromSequence"/> on (history from the store),
    /// then live ones, with no gap or duplicate at the hand-over; ends after the terminal event.
    /// A subscriber that falls more than <see cref="EngineOptions.SubscriberBufferCapacity"/>
    /// events behind skips stale progress events to the latest; state changes are never skipped.
    /// An unknown job raises <see cref="Errors.JobNotFoundException"/> from the first move.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="fromSequence">The first sequence to deliver; 0 or 1: the whole history.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<JobEvent> SubscribeAsync(string jobId, long fromSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Jobs that match the filter and are still retained, newest first, a page at a time. A page
    /// holds at most <paramref name="pageSize"/> jobs and at most
    /// <see cref="EngineOptions.MaxJobSizeBytes"/> of them (it ends early rather than hold more;
    /// its token continues after it).
    /// </summary>
    /// <param name="filter">Which jobs; null: all.</param>
    /// <param name="pageSize">1 to 1000; 0 means 100.</param>
    /// <param name="pageToken">A previous page's token, or null for the first page; valid only with the filter it was issued for (the page size may change).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="Errors.InvalidSubmissionException">The page size is out of range, or the token is not one this server issued for this filter.</exception>
    ValueTask<JobPage> ListAsync(JobFilter? filter = null, int pageSize = 0, string? pageToken = null, CancellationToken cancellationToken = default);
}
