namespace TaskRpc.Engine.Lifecycle;

/// <summary>A timed action on a job; stale once the job has moved on (checked against <paramref name="Attempt"/>).</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Job">The job.</param>
/// <param name="Attempt">The job's attempt when the deadline was set.</param>
internal readonly record struct Deadline(DeadlineKind Kind, JobRuntime Job, int Attempt);
