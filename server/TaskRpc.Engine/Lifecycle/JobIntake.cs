using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Limits;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// A submission becomes a new job: its task is looked up, the submission validated against it
/// (<see cref="SubmissionValidator"/>), the Queued snapshot built (a new id, the task's default
/// retry and timeout) and its size checked (<see cref="JobSizeLimit"/>).
/// </summary>
internal sealed class JobIntake
{
    private readonly TaskRegistry _registry;
    private readonly JobSizeLimit _sizeLimit;
    private readonly TimeProvider _time;
    private readonly JobIdGenerator _ids;

    public JobIntake(TaskRegistry registry, JobSizeLimit sizeLimit, TimeProvider time)
    {
        _registry = registry;
        _sizeLimit = sizeLimit;
        _time = time;
        _ids = new JobIdGenerator(time);
    }

    /// <summary>The new job for <paramref name="submission"/>, and its task.</summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="InvalidSubmissionException">The submission is invalid, or the job too large.</exception>
    public JobSnapshot Create(JobSubmission submission, out TaskDescriptor task)
    {
        if (!_registry.TryGet(submission.Task ?? string.Empty, out var found))
        {
            throw new TaskNotFoundException(submission.Task ?? string.Empty);
        }

        task = found;
        SubmissionValidator.Validate(submission, task);
        var job = NewJob(submission, task);
        _sizeLimit.CheckSubmission(job);
        return job;
    }

    private JobSnapshot NewJob(JobSubmission submission, TaskDescriptor task)
    {
        var now = _time.GetUtcNow();
        var retry = submission.Retry ?? task.Info.DefaultRetry;
        var notBefore = submission.NotBefore ?? (submission.Delay is { } delay && delay > TimeSpan.Zero ? now + delay : null);
        return new JobSnapshot
        {
            Id = _ids.Next(),
            Task = task.Name,
            State = JobState.Queued,
            Args = submission.Args ?? Payload.JsonNull,
            MaxAttempts = retry?.EffectiveMaxAttempts ?? 1,
            Retry = retry,
            Executor = task.ExecutorKind,
            Priority = submission.Priority,
            Labels = submission.Labels is { Count: > 0 } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : JobSnapshot.EmptyLabels,
            IdempotencyKey = string.IsNullOrEmpty(submission.IdempotencyKey) ? null : submission.IdempotencyKey,
            Tenant = submission.Tenant ?? string.Empty,
            TraceContext = string.IsNullOrEmpty(submission.TraceContext) ? null : submission.TraceContext,
            CreatedAt = now,
            NotBefore = notBefore,
            ExecutionTimeout = submission.ExecutionTimeout ?? task.Info.DefaultExecutionTimeout,
            ScheduleToStartTimeout = submission.ScheduleToStartTimeout,
            LastSequence = 1,
        };
    }
}
