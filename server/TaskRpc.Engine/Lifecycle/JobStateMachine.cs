using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Events;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Limits;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The one owner of job transitions: queued → running → succeeded | failed | cancelled,
/// running → queued (retry, or recovery of an abandoned attempt), queued → cancelled | failed.
/// Each transition runs under the job's gate, is written to the store with its event (the next
/// sequence) under an optimistic version check, and only then published to subscribers.
/// Progress reports are events too, flushed from the job's coalesced latest report.
/// </summary>
/// <remarks>
/// Pipelined start: when the store <see cref="IJobStore.OrdersWrites">orders writes</see>, the
/// Running transition is queued and the handler starts without waiting for it to be durable;
/// the attempt's later transitions (progress, outcome) are queued behind it and published only
/// after it committed and was published (<see cref="JobRuntime.PendingStart"/>), and a cancel
/// of the running job answers only then. So nothing reports Running, or anything after it,
/// before it is durable. If the process dies before it commits, the store still has the job
/// Queued at the previous attempt: it runs again as that same attempt, and nobody was told it
/// ran (at-least-once, as for any attempt lost in a crash). A job recovered at start-up starts
/// only after its Running transition committed (<see cref="JobRuntime.Recovered"/>), so a
/// handler that kills the process has at most one uncounted run and a crash loop still ends
/// after the job's attempts.
/// </remarks>
internal sealed partial class JobStateMachine
{
    private readonly IJobStore _store;
    private readonly EventHub _hub;
    private readonly ActiveJobs _active;
    private readonly TimeProvider _time;
    private readonly EngineMetrics _metrics;
    private readonly EngineOptions _options;
    private readonly JobSizeLimit _sizeLimit;
    private readonly ILogger<JobStateMachine> _logger;

    public JobStateMachine(IJobStore store, EventHub hub, ActiveJobs active, TimeProvider time, EngineMetrics metrics, JobSizeLimit sizeLimit, IOptions<EngineOptions> options, ILogger<JobStateMachine> logger)
    {
        _store = store;
        _sizeLimit = sizeLimit;
        _hub = hub;
        _active = active;
        _time = time;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
    }

    public static bool IsAllowed(JobState from, JobState to) => (from, to) switch
    {
        (JobState.Queued, JobState.Running or JobState.Cancelled or JobState.Failed) => true,
        (JobState.Running, JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.Queued) => true,
        _ => false,
    };

    public async ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, CancellationToken cancellationToken)
    {
        var created = CreatedEvent(job);
        var result = await _store.CreateAsync(job, created, cancellationToken).ConfigureAwait(false);
        if (result.Created)
        {
            PublishCreated(created, job);
        }

        return result;
    }

    /// <summary>A committed create: its Queued event to subscribers, the submission to the metrics.</summary>
    private void PublishCreated(JobEvent created, JobSnapshot job)
    {
        _hub.Publish(created, job);
        _metrics.Submitted(job.Task);
    }

    private static JobEvent CreatedEvent(JobSnapshot job) => new() { JobId = job.Id, Sequence = 1, Time = job.CreatedAt, StateChange = JobStateChange.Queued };

    /// <summary>Queued → Running for the next attempt; false when the job is no longer queued.</summary>
    public async ValueTask<bool> TryStartAsync(JobRuntime rt)
    {
        await rt.EnterGateAsync().ConfigureAwait(false);
        try
        {
            var job = rt.Current;
            if (job.State != JobState.Queued)
            {
                return false;
            }

            var now = _time.GetUtcNow();
            rt.PendingStart = null;
            var next = Started(job, now);
            var change = JobStateChange.Running(next.Attempt);
            if (_store.OrdersWrites && !rt.Recovered)
            {
                var started = new JobEvent { JobId = next.Id, Sequence = next.LastSequence, Time = now, StateChange = change };
                var write = _store.TryApplyAsync(next, started, job.LastSequence);
                rt.Current = next;
                rt.Queue.LeaveWaiting(rt.Current.Tenant);
                rt.PendingStart = PublishStartAsync(write, next, started);
                return true;
            }

            return await CommitAsync(rt, next, change, now).ConfigureAwait(false);
        }
        finally
        {
            rt.ExitGate();
        }
    }

    /// <summary>Ends the job; a result that would make it bigger than the job size limit fails it instead (<see cref="JobSizeLimit.Fit"/>).</summary>
    private ValueTask<bool> EndAsync(JobRuntime rt, JobState state, Payload? result, JobError? error, DateTimeOffset now)
    {
        var job = rt.Current;
        var next = _sizeLimit.Fit(job with
        {
            State = state,
            Result = result,
            Error = error,
            FinishedAt = now,
            ExpiresAt = now + _options.ResultRetention,
            LeaseOwner = null,
            LeaseExpiresAt = null,
            LastSequence = job.LastSequence + 1,
        });
        return CommitAsync(rt, next, new JobStateChange(next.State, job.Attempt, next.Result, next.Error), now);
    }

    /// <summary>
    /// Running → Queued with the attempt's lease released and <paramref name="error"/> saying why;
    /// not before <paramref name="notBefore"/> when given (a retry's backoff). With
    /// <paramref name="countAttempt"/> false the attempt number goes back, so the next start repeats it.
    /// </summary>
    private ValueTask<bool> RequeueAsync(JobRuntime rt, JobError error, DateTimeOffset? notBefore, bool countAttempt, DateTimeOffset now)
    {
        var job = rt.Current;
        var next = _sizeLimit.Fit(job with
        {
            State = JobState.Queued,
            Attempt = countAttempt ? job.Attempt : job.Attempt - 1,
            Error = error,
            NotBefore = notBefore ?? job.NotBefore,
            LeaseOwner = null,
            LeaseExpiresAt = null,
            LastSequence = job.LastSequence + 1,
        });
        return CommitAsync(rt, next, new JobStateChange(JobState.Queued, job.Attempt, null, next.Error), now);
    }

    private ValueTask<bool> CommitAsync(JobRuntime rt, JobSnapshot next, JobStateChange change, DateTimeOffset now)
    {
        if (!IsAllowed(rt.Current.State, change.State))
        {
            throw new InvalidOperationException($"Job {next.Id}: {rt.Current.State} → {change.State} is not a valid transition.");
        }

        return CommitAsync(rt, next, new JobEvent { JobId = next.Id, Sequence = next.LastSequence, Time = now, StateChange = change });
    }

    private async ValueTask<bool> CommitAsync(JobRuntime rt, JobSnapshot next, JobEvent jobEvent)
    {
        var previous = rt.Current;
        var write = _store.TryApplyAsync(next, jobEvent, previous.LastSequence);
        if (rt.PendingStart is { } start && !await start.ConfigureAwait(false) && rt.PendingCreate)
        {
            // Queued behind a pipelined create that failed: the job is not in the store, and this node dropped it.
            _ = ForgetAsync(write);
            return false;
        }

        // Queued behind a pipelined Running write, published only after it (if it failed, so does this one's version check).

        if (!await write.ConfigureAwait(false))
        {
            EngineLog.TransitionConflict(_logger, next.Id, next.State);
            rt.Relinquish(); // Its state here was not the store's: its waiters follow it through the store and the hub.
            if (await _store.GetAsync(next.Id).ConfigureAwait(false) is { } stored)
            {
                rt.Current = stored;
                CountWaiting(rt, previous.State, stored.State);
                ForgetIfElsewhere(rt, stored);
                _hub.OnRemoteChange(stored.Id, stored.LastSequence); // Another node's events: the hub reads them (a shared store).
            }

            return false;
        }

        rt.Current = next;
        CountWaiting(rt, previous.State, next.State);
        if (next.State == JobState.Queued && rt.Queue.HandsOffQueued)
        {
            _active.Remove(rt); // In the shared store's queue now: any node may claim it.
        }

        if (next.State.IsTerminal())
        {
            _metrics.Completed(previous, next); // Before anyone hears of the end: a scrape after a caller saw it counts the job.
        }

        _hub.Publish(jobEvent, next);
        if (next.State.IsTerminal())
        {
            rt.SetEnded(next);
            if (rt.Queue.HandsOffQueued)
            {
                _active.KeepEnded(next); // A shared store: its submitter may not be waiting yet (see ActiveJobs).
            }

            _active.Remove(rt);
            EngineLog.JobEnded(_logger, next.Id, next.State);
        }

        return true;
    }

    /// <summary>Observes a write whose outcome no longer matters (its batch failed with a create, or it found no row).</summary>
    private static async Task ForgetAsync(ValueTask<bool> write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Nothing depends on it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void CountWaiting(JobRuntime rt, JobState previous, JobState next)
    {
        if (previous == JobState.Queued && next != JobState.Queued)
        {
            rt.Queue.LeaveWaiting(rt.Current.Tenant);
        }
        else if (previous != JobState.Queued && next == JobState.Queued)
        {
            rt.Queue.EnterWaiting(rt.Current.Tenant);
        }
    }

    /// <summary>Awaits a pipelined Running write, then publishes it; false (logged) when it was not written.</summary>
    private async Task<bool> PublishStartAsync(ValueTask<bool> write, JobSnapshot next, JobEvent started)
    {
        try
        {
            if (await write.ConfigureAwait(false))
            {
                _hub.Publish(started, next);
                return true;
            }

            EngineLog.TransitionConflict(_logger, next.Id, next.State);
        }
#pragma warning disable CA1031 // Logged; the attempt's outcome then fails its version check and the job is re-read from the store.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            EngineLog.JobProcessingFailed(_logger, next.Id, failure);
        }

        return false;
    }
}
