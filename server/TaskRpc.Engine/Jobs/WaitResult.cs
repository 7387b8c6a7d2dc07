namespace TaskRpc.Engine.Jobs;

/// <summary>The outcome of a wait across many jobs.</summary>
/// <param name="Done">The jobs that have ended, in the order of the requested ids.</param>
/// <param name="Pending">The jobs that have not ended yet, in the order of the requested ids.</param>
public sealed record WaitResult(IReadOnlyList<JobSnapshot> Done, IReadOnlyList<JobSnapshot> Pending);
