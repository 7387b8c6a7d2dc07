namespace TaskRpc.Engine.Jobs;

/// <summary>The outcome of a cancel request.</summary>
/// <param name="Job">The job after the request: Cancelled, Running while its handler is being stopped, or unchanged if it had already ended.</param>
/// <param name="Cancelled">True if this request cancelled the job; false if the job had already ended.</param>
public sealed record CancelResult(JobSnapshot Job, bool Cancelled);
