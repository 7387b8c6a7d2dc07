using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>What <see cref="ISharedJobStore.ClaimAsync"/> claims.</summary>
/// <param name="Executor">The executor the jobs wait for.</param>
/// <param name="Tasks">The tasks this node may start now (registered here, below their concurrency limit).</param>
/// <param name="MaxCount">The most jobs to claim: the node's free slots.</param>
/// <param name="Now">The current time: jobs whose not-before time is later are not runnable yet; the claimed attempts' start time.</param>
/// <param name="Owner">The claiming node: the lease owner of the claimed attempts.</param>
/// <param name="LeaseExpiresAt">When the claimed attempts' lease expires unless renewed.</param>
public sealed record ClaimRequest(ExecutorKind Executor, IReadOnlyList<string> Tasks, int MaxCount, DateTimeOffset Now, string Owner, DateTimeOffset LeaseExpiresAt);
