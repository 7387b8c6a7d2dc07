using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>A transition as the engine computed it: the job's new snapshot and its event (the same sequence).</summary>
/// <param name="Job">The new snapshot.</param>
/// <param name="Event">The transition's event.</param>
public sealed record JobTransition(JobSnapshot Job, JobEvent Event);
