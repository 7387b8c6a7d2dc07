namespace TaskRpc.Server.Dashboard.Model;

/// <summary>A page of jobs and the token of the next (null at the end).</summary>
internal sealed record JobPageView(IReadOnlyList<JobView> Jobs, string? NextPageToken);
