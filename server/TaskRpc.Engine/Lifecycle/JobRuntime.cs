using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The in-memory side of an unfinished job on this node: its latest snapshot, the gate that
/// serialises its transitions, the running attempt's cancellation, and its coalesced progress.
/// Dispatching it to the thread pool runs its next attempt.
/// </summary>
internal sealed class JobRuntime : IProgressSink, IThreadPoolWorkItem
{
    private readonly JobRunner _runner;
    private volatile JobSnapshot _current;
    private CancellationTokenSource? _run;
    private int _cancelReason;
    private ProgressBuffer? _progress;
    private bool _gateHeld;
    private Queue<TaskCompletionSource>? _gateWaiters;
    private static readonly object Elsewhere = new();
    private static readonly Task<JobSnapshot?> NotHere = System.Threading.Tasks.Task.FromResult<JobSnapshot?>(null);
    private object? _ended; // null; a waiter's TaskCompletionSource<JobSnapshot?>; once ended, the terminal JobSnapshot; or Elsewhere (relinquished).

    public JobRuntime(JobSnapshot job, TaskDescriptor task, IJobQueue queue, JobRunner runner)
    {
        _current = job;
        Task = task;
        Queue = queue;
        _runner = runner;
    }

    public string Id => _current.Id;

    public TaskDescriptor Task { get; }

    public IJobQueue Queue { get; }

    /// <summary>
    /// Enters the gate that serialises this job's transitions (held while one is computed, stored
    /// and published); waiters enter in arrival order. The gate is this object's own two fields
    /// under its monitor, not a SemaphoreSlim: a queued job carries no extra objects for it, and
    /// an uncontended enter allocates nothing.
    /// </summary>
    public ValueTask EnterGateAsync()
    {
        lock (this)
        {
            if (!_gateHeld)
            {
                _gateHeld = true;
                return ValueTask.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_gateWaiters ??= new Queue<TaskCompletionSource>()).Enqueue(waiter);
            return new ValueTask(waiter.Task);
        }
    }

    /// <summary>Leaves the gate, handing it to the next waiter if there is one.</summary>
    public void ExitGate()
    {
        TaskCompletionSource? next = null;
        lock (this)
        {
            if (!_gateHeld)
            {
                throw new SynchronizationLockException("The job's transition gate is not held.");
            }

            if (_gateWaiters is { Count: > 0 } waiters)
            {
                next = waiters.Dequeue();
            }
            else
            {
                _gateHeld = false;
            }
        }

        next?.SetResult();
    }

    /// <summary>
    /// The latest snapshot; written only by the state machine inside the gate (<see cref="EnterGateAsync"/>). Committed,
    /// except that a Running one may still be committing while <see cref="PendingStart"/> runs.
    /// </summary>
    public JobSnapshot Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>
    /// The Running transition's commit and publication, when the attempt was started before it was
    /// durable (a pipelined start); true when it committed. The job's later transitions await it
    /// before they publish, so no caller or subscriber sees anything of the attempt before it.
    /// </summary>
    public Task<bool>? PendingStart { get; set; }

    /// <summary>
    /// The <see cref="PendingStart"/> is the job's create (a shared store's pipelined direct
    /// start): when it fails, the job is not in the store, and this node drops it and writes
    /// nothing more of it.
    /// </summary>
    public bool PendingCreate { get; init; }

    /// <summary>True unless a <see cref="PendingStart"/> is still committing or did not commit: <see cref="Current"/> is what the store has.</summary>
    public bool StartCommitted => PendingStart is not { } start || (start.IsCompletedSuccessfully && start.Result);

    /// <summary>The terminal snapshot once the job ended here (see <see cref="SetEnded"/>); otherwise null.</summary>
    public JobSnapshot? Ended => Volatile.Read(ref _ended) as JobSnapshot;

    /// <summary>
    /// Found unfinished in the store at start-up. Its attempts start only after their Running
    /// transition committed, so a handler that kills the process again has its attempt counted
    /// and a crash loop ends after the job's attempts.
    /// </summary>
    public bool Recovered { get; init; }

    /// <summary>
    /// Claimed from a shared store: its Running transition is the claim, committed before it is
    /// dispatched, so the runner starts its attempt at once.
    /// </summary>
    public bool Claimed { get; init; }

    public CancelReason CancelReason => (CancelReason)Volatile.Read(ref _cancelReason);

    public string? CancelMessage { get; private set; }

    /// <summary>
    /// Completes with the terminal snapshot once the job's terminal transition is committed and
    /// published (see <see cref="SetEnded"/>), or with null once this node no longer speaks for the
    /// job (see <see cref="Relinquish"/>): the caller then follows the job through the store. The
    /// completion source is created only when someone waits, so a job nobody awaits allocates
    /// nothing for it; continuations run asynchronously.
    /// </summary>
    public Task<JobSnapshot?> WhenEnded()
    {
        while (true)
        {
            switch (Volatile.Read(ref _ended))
            {
                case TaskCompletionSource<JobSnapshot?> waiting:
                    return waiting.Task;
                case JobSnapshot ended:
                    return System.Threading.Tasks.Task.FromResult<JobSnapshot?>(ended);
                case null:
                    var created = new TaskCompletionSource<JobSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (Interlocked.CompareExchange(ref _ended, created, null) is null)
                    {
                        return created.Task;
                    }

                    break;
                default:
                    return NotHere;
            }
        }
    }

    /// <summary>True once <see cref="Relinquish"/> was called before the job ended here: <see cref="Current"/> may be stale.</summary>
    public bool Relinquished => ReferenceEquals(Volatile.Read(ref _ended), Elsewhere);

    /// <summary>Called by the state machine after it published the job's terminal event: completes <see cref="WhenEnded"/>.</summary>
    public void SetEnded(JobSnapshot job)
    {
        if (Interlocked.Exchange(ref _ended, job) is TaskCompletionSource<JobSnapshot?> waiting)
        {
            waiting.TrySetResult(job);
        }
    }

    /// <summary>
    /// This node no longer knows the job's state for certain: it left the active jobs without
    /// ending here (re-queued into a shared store's queue, taken over by another node), a
    /// transition conflicted with the store, or its lease was lost. <see cref="WhenEnded"/>
    /// completes with null from now on, unless the job already ended here.
    /// </summary>
    public void Relinquish()
    {
        while (true)
        {
            var current = Volatile.Read(ref _ended);
            if (current is JobSnapshot || ReferenceEquals(current, Elsewhere))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _ended, Elsewhere, current) == current)
            {
                (current as TaskCompletionSource<JobSnapshot?>)?.TrySetResult(null);
                return;
            }
        }
    }

    /// <summary>Starts an attempt: a fresh token, fired at once if a cancel already came.</summary>
    public CancellationToken BeginRun()
    {
        var run = new CancellationTokenSource();
        Interlocked.Exchange(ref _run, run);
        if (CancelReason != CancelReason.None)
        {
            run.Cancel();
        }

        return run.Token;
    }

    /// <summary>Ends an attempt (after its outcome is committed): forgets the token and the cancel reason.</summary>
    public void EndRun()
    {
        Interlocked.Exchange(ref _run, null)?.Dispose();
        Volatile.Write(ref _cancelReason, 0);
    }

    /// <summary>Fires the running attempt's token; the first reason wins.</summary>
    public void RequestCancel(CancelReason reason, string? message)
    {
        if (Interlocked.CompareExchange(ref _cancelReason, (int)reason, 0) == 0)
        {
            CancelMessage = message;
        }

        try
        {
            Volatile.Read(ref _run)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended meanwhile; nothing left to cancel.
        }
    }

    public void Report(double fraction, string? message, object? detail)
    {
        var progress = Volatile.Read(ref _progress);
        if (progress is null)
        {
            var created = new ProgressBuffer();
            progress = Interlocked.CompareExchange(ref _progress, created, null) ?? created;
        }

        if (progress.Put(fraction, message, detail, _runner.ProgressFlushTicks, out var due))
        {
            _runner.ScheduleProgressFlush(this, due);
        }
    }

    /// <summary>Whether a progress report waits for its flush (a hint: a flush still takes it under the job's gate).</summary>
    public bool HasPendingProgress => Volatile.Read(ref _progress)?.HasPending == true;

    /// <summary>Takes the pending progress report, if any, and marks the flush done at <paramref name="nowTicks"/>.</summary>
    public bool TakeProgress(long nowTicks, out double fraction, out string? message, out object? detail)
    {
        if (Volatile.Read(ref _progress) is { } progress)
        {
            return progress.Take(nowTicks, out fraction, out message, out detail);
        }

        (fraction, message, detail) = (0, null, null);
        return false;
    }

    void IThreadPoolWorkItem.Execute() => _ = _runner.RunAsync(this);
}
