namespace TaskRpc.Engine.Storage;

/// <summary>A stored request to cancel a running job (<see cref="ISharedJobStore.RequestCancelAsync"/>).</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Reason">The caller's reason, or null.</param>
public sealed record CancelRequest(string JobId, string? Reason);
