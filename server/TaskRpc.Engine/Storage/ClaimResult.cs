using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>The outcome of <see cref="ISharedJobStore.ClaimAsync"/>.</summary>
/// <param name="Started">The claimed jobs, Running with this node's lease, in claim order.</param>
/// <param name="NextDue">
/// When fewer than asked were claimed: the earliest later not-before time among the executor's
/// queued jobs of the requested tasks, or null when there is none (or it was not looked up).
/// </param>
public sealed record ClaimResult(IReadOnlyList<JobSnapshot> Started, DateTimeOffset? NextDue);
