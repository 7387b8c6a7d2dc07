namespace TaskRpc.Engine.Jobs;

/// <summary>A state change in a job's event log.</summary>
/// <param name="State">The new state.</param>
/// <param name="Attempt">The attempt the change belongs to (0 before the first start).</param>
/// <param name="Result">Set on the <see cref="JobState.Succeeded"/> event.</param>
/// <param name="Error">Set on the Failed and Cancelled events, and on a Queued event that schedules a retry.</param>
public sealed record JobStateChange(JobState State, int Attempt, Payload? Result = null, JobError? Error = null)
{
    private const int SharedAttempts = 8;
    private static readonly JobStateChange Submitted = new(JobState.Queued, 0);
    private static readonly JobStateChange[] Starts = [.. Enumerable.Range(0, SharedAttempts + 1).Select(a => new JobStateChange(JobState.Running, a))];

    /// <summary>The QUEUED change that starts every job's event log: one shared instance (records are immutable).</summary>
    internal static JobStateChange Queued => Submitted;

    /// <summary>The RUNNING change of <paramref name="attempt"/>: shared instances for the first attempts, as every job has one.</summary>
    internal static JobStateChange Running(int attempt) =>
        attempt is >= 0 and <= SharedAttempts ? Starts[attempt] : new JobStateChange(JobState.Running, attempt);
}
