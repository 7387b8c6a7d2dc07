using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// Runs dispatched attempts (start transition, executor, outcome) and drives every timed action
/// on the one <see cref="DeadlineTimer"/>: delayed starts and retries, schedule-to-start and
/// execution timeouts, and progress flushes.
/// </summary>
internal sealed class JobRunner : IDisposable
{
    private static readonly TimeSpan FirstOutcomeRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxOutcomeRetry = TimeSpan.FromSeconds(5);
    private readonly JobStateMachine _stateMachine;
    private readonly EngineMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<JobRunner> _logger;
    private readonly DeadlineTimer _timer;
    private readonly ProgressFlushQueue _flushes;
    private int _running;
    private TaskCompletionSource? _idle;

    public JobRunner(JobStateMachine stateMachine, TimeProvider time, IOptions<EngineOptions> options, ILogger<JobRunner> logger, EngineMetrics metrics)
    {
        _stateMachine = stateMachine;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        ProgressFlushTicks = options.Value.ProgressFlushInterval.Ticks;
        _timer = new DeadlineTimer(time, OnDeadline);
        _flushes = new ProgressFlushQueue(job => _ = FlushProgressAsync(job));
    }

    public long ProgressFlushTicks { get; }

    /// <summary>Queues a new, recovered or retried job: at once, or at its not-before time; and arms its schedule-to-start timeout.</summary>
    public void Schedule(JobRuntime rt)
    {
        var job = rt.Current;
        var now = _time.GetUtcNow();
        if (job.Attempt == 0 && job.ScheduleToStartTimeout is { } timeout)
        {
            var from = job.NotBefore is { } notBefore && notBefore > job.CreatedAt ? notBefore : job.CreatedAt;
            _timer.Schedule((from + timeout).UtcTicks, new Deadline(DeadlineKind.ScheduleToStartTimeout, rt, 0));
        }

        if (job.NotBefore is { } start && start > now)
        {
            _timer.Schedule(start.UtcTicks, new Deadline(DeadlineKind.StartDue, rt, job.Attempt));
        }
        else
        {
            rt.Queue.Enqueue(rt);
        }
    }

    public async Task RunAsync(JobRuntime rt)
    {
        Interlocked.Increment(ref _running);
        try
        {
            if (!rt.Claimed && !await _stateMachine.TryStartAsync(rt).ConfigureAwait(false))
            {
                return;
            }

            var job = rt.Current;
            using var telemetry = AttemptTelemetry.Start(_metrics, rt);
            var token = rt.BeginRun();
            if (job.ExecutionTimeout is { } timeout)
            {
                _timer.Schedule((job.StartedAt!.Value + timeout).UtcTicks, new Deadline(DeadlineKind.ExecutionTimeout, rt, job.Attempt));
            }

            Payload? result = null;
            Exception? error = null;
            try
            {
                var context = new TaskContext(job.Id, job.Task, job.Attempt, job.Labels, rt, token);
                result = await rt.Task.Executor.ExecuteAsync(new JobInvocation(job.Task, rt.Task.Invoker, job.Args, context)).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A handler's failure is the job's outcome, whatever it is.
            catch (Exception handlerError)
#pragma warning restore CA1031
            {
                error = handlerError;
            }

            var after = await CompleteAsync(rt, result, error).ConfigureAwait(false);
            telemetry.Ended(rt, after);
            rt.EndRun();
            if (after.State == JobState.Queued)
            {
                Schedule(rt);
            }
        }
#pragma warning disable CA1031 // The engine must survive a store failure; the job stays as stored.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            EngineLog.JobProcessingFailed(_logger, rt.Id, failure);
        }
        finally
        {
            rt.Queue.Release(rt);
            if (Interlocked.Decrement(ref _running) == 0)
            {
                Volatile.Read(ref _idle)?.TrySetResult();
            }
        }
    }

    /// <summary>Publishes a job's coalesced progress at <paramref name="dueTicks"/> (or now, if that has passed).</summary>
    public void ScheduleProgressFlush(JobRuntime rt, long dueTicks)
    {
        if (dueTicks <= _time.GetUtcNow().UtcTicks)
        {
            _flushes.Enqueue(rt);
        }
        else
        {
            _timer.Schedule(dueTicks, new Deadline(DeadlineKind.ProgressFlush, rt, rt.Current.Attempt));
        }
    }

    /// <summary>Completes when no attempt is in flight (used when stopping).</summary>
    public Task WhenIdleAsync()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _idle, idle);
        if (Volatile.Read(ref _running) == 0)
        {
            idle.TrySetResult();
        }

        return idle.Task;
    }

    public void Dispose() => _timer.Dispose();

    private void OnDeadline(Deadline deadline)
    {
        var rt = deadline.Job;
        var job = rt.Current;
        switch (deadline.Kind)
        {
            case DeadlineKind.StartDue when job.State == JobState.Queued && job.Attempt == deadline.Attempt:
                rt.Queue.Enqueue(rt);
                break;
            case DeadlineKind.ScheduleToStartTimeout when job.State == JobState.Queued && job.Attempt == 0:
                _ = FailQueuedAsync(rt, new JobError(JobErrorCodes.DeadlineExceeded, $"The job did not start within its schedule-to-start timeout of {job.ScheduleToStartTimeout}."));
                break;
            case DeadlineKind.ExecutionTimeout when job.State == JobState.Running && job.Attempt == deadline.Attempt:
                rt.RequestCancel(CancelReason.Timeout, null);
                break;
            case DeadlineKind.ProgressFlush:
                _flushes.Enqueue(rt);
                break;
        }
    }

    /// <summary>
    /// Records the attempt's outcome. While the store is unavailable it tries again, waiting
    /// <see cref="FirstOutcomeRetry"/> doubling up to <see cref="MaxOutcomeRetry"/>, until the store
    /// is back: the outcome is known and must not be lost, and the job keeps its slot meanwhile.
    /// Only the process's end stops it; the job is then recovered at the next start as an
    /// interrupted attempt, as after a crash.
    /// </summary>
    private async ValueTask<JobSnapshot> CompleteAsync(JobRuntime rt, Payload? result, Exception? error)
    {
        var delay = FirstOutcomeRetry;
        while (true)
        {
            try
            {
                return await _stateMachine.CompleteAttemptAsync(rt, result, error).ConfigureAwait(false);
            }
            catch (StoreUnavailableException failure)
            {
                EngineLog.OutcomeNotStored(_logger, rt.Id, delay, failure);
                await Task.Delay(delay, _time).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxOutcomeRetry.Ticks));
            }
        }
    }

    private async Task FailQueuedAsync(JobRuntime rt, JobError error)
    {
        try
        {
            await _stateMachine.FailQueuedAsync(rt, 0, error).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Logged; the job stays as stored.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            EngineLog.JobProcessingFailed(_logger, rt.Id, failure);
        }
    }

    private async Task FlushProgressAsync(JobRuntime rt)
    {
        try
        {
            await _stateMachine.FlushProgressAsync(rt).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Logged; a lost progress report is not fatal.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            EngineLog.JobProcessingFailed(_logger, rt.Id, failure);
        }
    }
}
