using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>Checks a submission against the contract's limits and its task's args, before anything is stored.</summary>
internal static class SubmissionValidator
{
    public const int MaxPriority = 1000;
    public const int MaxKeyLength = 256;

    public static void Validate(JobSubmission submission, TaskDescriptor task)
    {
        if (submission.Priority is < -MaxPriority or > MaxPriority)
        {
            throw new InvalidSubmissionException($"priority must be {-MaxPriority} to {MaxPriority}, not {submission.Priority}.");
        }

        if (submission.NotBefore is not null && submission.Delay is not null)
        {
            throw new InvalidSubmissionException("Set at most one of not_before and delay.");
        }

        if (submission.Delay < TimeSpan.Zero)
        {
            throw new InvalidSubmissionException("delay must not be negative.");
        }

        if (submission.ExecutionTimeout <= TimeSpan.Zero)
        {
            throw new InvalidSubmissionException("execution_timeout must be positive.");
        }

        if (submission.ScheduleToStartTimeout <= TimeSpan.Zero)
        {
            throw new InvalidSubmissionException("schedule_to_start_timeout must be positive.");
        }

        if (submission.IdempotencyKey is { Length: > MaxKeyLength })
        {
            throw new InvalidSubmissionException($"idempotency_key must be at most {MaxKeyLength} characters.");
        }

        if (submission.Retry?.Validate() is { } retryError)
        {
            throw new InvalidSubmissionException(retryError);
        }

        if (submission.Labels is { Count: > 0 } labels)
        {
            foreach (var key in labels.Keys)
            {
                if (string.IsNullOrEmpty(key))
                {
                    throw new InvalidSubmissionException("Label keys must not be empty.");
                }
            }
        }

        task.Binding.ValidateArgs(submission.Args ?? Payload.JsonNull);
    }
}
