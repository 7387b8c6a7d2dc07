namespace TaskRpc.Engine.Jobs;

/// <summary>One page of a job list, newest first.</summary>
/// <param name="Jobs">The jobs on this page.</param>
/// <param name="NextPageToken">The token for the next page, or null on the last page.</param>
public sealed record JobPage(IReadOnlyList<JobSnapshot> Jobs, string? NextPageToken);
