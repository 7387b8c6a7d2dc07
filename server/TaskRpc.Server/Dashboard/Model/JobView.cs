namespace TaskRpc.Server.Dashboard.Model;

/// <summary>A job as the dashboard shows it (payloads as text).</summary>
internal sealed record JobView(
    string Id,
    string Task,
    string State,
    string Executor,
    string Args,
    string? Result,
    ErrorView? Error,
    ProgressView? Progress,
    int Attempt,
    int MaxAttempts,
    int Priority,
    IReadOnlyDictionary<string, string> Labels,
    string Tenant,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);
