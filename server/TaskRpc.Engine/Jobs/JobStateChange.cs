namespace TaskRpc.Engine.Jobs;

/// <summary>A state change in a job's event log.</summary>
/// <param name="State">The new state.</param>
/// <param name="Attempt">The attempt the change belongs to (0 before the first start).</param>
/// <param name="Result">Set on the <see cref="JobState.Succeeded"/> event.</param>
/// <param name="Error">Set on the Failed and Cancelled events, and on a Queued event that schedules a retry.</param>
public sealed record JobStateChange(JobState State, int Attempt, Payload? Result = null, JobError? Error = null);
