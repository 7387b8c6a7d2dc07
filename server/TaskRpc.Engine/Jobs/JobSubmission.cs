namespace TaskRpc.Engine.Jobs;

/// <summary>A request to run a registered task.</summary>
public sealed record JobSubmission
{
    /// <summary>The registered task's name, e.g. <c>demo.echo</c>.</summary>
    public required string Task { get; init; }

    /// <summary>The task's arguments; null means the JSON value <c>null</c>.</summary>
    public Payload? Args { get; init; }

    /// <summary>Higher runs first among jobs waiting for the same executor; -1000 to 1000. Default 0.</summary>
    public int Priority { get; init; }

    /// <summary>How long one attempt may run; null: the task's default (none unless the task sets one).</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>How long the job may wait to start (from submission or not-before); null: no limit.</summary>
    public TimeSpan? ScheduleToStartTimeout { get; init; }

    /// <summary>Do not start before this time. At most one of this and <see cref="Delay"/>.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Do not start before this much time has passed. At most one of this and <see cref="NotBefore"/>.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Retries after a failed attempt; null: the task's default (one attempt unless the task sets one).</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>
    /// Resubmitting with the same key (in the same <see cref="Tenant"/>) returns the job first
    /// submitted with it, while it is retained.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Free-form labels to list and filter jobs by.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The tenant the job belongs to; null or empty: none. Set by the server from the caller's identity.</summary>
    public string? Tenant { get; init; }

    /// <summary>The caller's W3C trace context; see <see cref="JobSnapshot.TraceContext"/>. Null: none.</summary>
    public string? TraceContext { get; init; }
}
