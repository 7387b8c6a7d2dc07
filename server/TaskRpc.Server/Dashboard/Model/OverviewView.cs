namespace TaskRpc.Server.Dashboard.Model;

/// <summary>
/// The overview at a moment. The counters are cumulative (the page takes rates from two of them);
/// they and the failures are null for a caller scoped to a tenant.
/// </summary>
internal sealed record OverviewView(
    DateTimeOffset Time,
    long? Submitted,
    long? Finished,
    long? FailedLastHour,
    int Queued,
    int Running,
    IReadOnlyList<QueueView> Executors,
    IReadOnlyList<QueueView> Tasks);
