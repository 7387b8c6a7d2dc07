namespace TaskRpc.Engine;

/// <summary>One tenant's quotas; 0 means no limit.</summary>
/// <param name="MaxQueuedJobs">The most of its jobs in the Queued state (ready, delayed or waiting to retry); more submissions are refused with RESOURCE_EXHAUSTED.</param>
/// <param name="MaxRunningJobs">The most of its jobs running at once, over all executors; the rest wait in the queue.</param>
public sealed record TenantQuota(int MaxQueuedJobs, int MaxRunningJobs);
