using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>The outcome of <see cref="IJobStore.CreateAsync"/>.</summary>
/// <param name="Job">The created job, or the existing job that holds the same idempotency key.</param>
/// <param name="Created">True when the job was created; false when an existing job was returned.</param>
public sealed record CreateJobResult(JobSnapshot Job, bool Created);
