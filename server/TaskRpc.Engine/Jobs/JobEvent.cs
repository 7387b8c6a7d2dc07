namespace TaskRpc.Engine.Jobs;

/// <summary>
/// One entry of a job's event log: a state change or a progress report. Sequences run 1, 2, 3 …
/// per job without gaps.
/// </summary>
public sealed record JobEvent
{
    /// <summary>The job's id.</summary>
    public required string JobId { get; init; }

    /// <summary>The event's sequence number within its job, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the event happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The state change, or null for a progress event.</summary>
    public JobStateChange? StateChange { get; init; }

    /// <summary>The progress report, or null for a state change.</summary>
    public JobProgress? Progress { get; init; }

    /// <summary>True when this event moves the job into a terminal state: the last event of the job.</summary>
    public bool IsTerminal => StateChange is { } change && change.State.IsTerminal();
}
