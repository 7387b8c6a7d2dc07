namespace TaskRpc.Server.Dashboard.Model;

/// <summary>One event of a job's history: a state change (state, attempt, error) or a progress report.</summary>
internal sealed record EventView(long Sequence, DateTimeOffset Time, string? State, int? Attempt, ErrorView? Error, ProgressView? Progress);
