namespace TaskRpc.Engine.Jobs;

/// <summary>A job as it is at one sequence number: immutable; each transition produces a new one.</summary>
public sealed record JobSnapshot
{
    // Times are kept as UTC ticks (UtcTicks.None for null): 8 bytes instead of 16 for a
    // DateTimeOffset and 24 for a nullable one. A snapshot is copied on every transition and
    // kept for the result retention, so its size is paid per job several times over.
    private readonly long _createdAt;
    private readonly long _startedAt = UtcTicks.None;
    private readonly long _finishedAt = UtcTicks.None;
    private readonly long _notBefore = UtcTicks.None;
    private readonly long _expiresAt = UtcTicks.None;
    private readonly long _leaseExpiresAt = UtcTicks.None;

    /// <summary>The job's id: short, unique, URL-safe and time-ordered.</summary>
    public required string Id { get; init; }

    /// <summary>The registered task's name.</summary>
    public required string Task { get; init; }

    /// <summary>The current state.</summary>
    public required JobState State { get; init; }

    /// <summary>The arguments as submitted.</summary>
    public required Payload Args { get; init; }

    /// <summary>Set when <see cref="JobState.Succeeded"/>.</summary>
    public Payload? Result { get; init; }

    /// <summary>Set when Failed or Cancelled.</summary>
    public JobError? Error { get; init; }

    /// <summary>The latest progress reported by the handler.</summary>
    public JobProgress? Progress { get; init; }

    /// <summary>The current or last attempt, from 1; 0 before the first start.</summary>
    public int Attempt { get; init; }

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>The retry policy in force (null: no retry).</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Where the handler runs.</summary>
    public ExecutorKind Executor { get; init; }

    /// <summary>Higher runs first among jobs waiting for the same executor.</summary>
    public int Priority { get; init; }

    /// <summary>Free-form labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;

    /// <summary>The idempotency key given at submission, or null.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// The tenant the job belongs to: the submitting caller's, "" when the server has none. Fixed at
    /// creation. Idempotency keys are unique per tenant.
    /// </summary>
    public string Tenant { get; init; } = string.Empty;

    /// <summary>
    /// The submitting caller's W3C trace context (<c>traceparent</c>, then <c>;</c> and
    /// <c>tracestate</c> when it had one), so the job's spans join the caller's trace on any node;
    /// null when the caller sent none. Fixed at creation.
    /// </summary>
    public string? TraceContext { get; init; }

    /// <summary>When the job was accepted.</summary>
    public DateTimeOffset CreatedAt { get => new(_createdAt, TimeSpan.Zero); init => _createdAt = value.UtcTicks; }

    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt { get => UtcTicks.ToTime(_startedAt); init => _startedAt = UtcTicks.From(value); }

    /// <summary>When the job ended.</summary>
    public DateTimeOffset? FinishedAt { get => UtcTicks.ToTime(_finishedAt); init => _finishedAt = UtcTicks.From(value); }

    /// <summary>The job does not start before this time (also set for a retry's backoff).</summary>
    public DateTimeOffset? NotBefore { get => UtcTicks.ToTime(_notBefore); init => _notBefore = UtcTicks.From(value); }

    /// <summary>How long one attempt may run.</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>How long the job may wait to start, from submission or <see cref="NotBefore"/>.</summary>
    public TimeSpan? ScheduleToStartTimeout { get; init; }

    /// <summary>The sequence number of the job's latest event; also the optimistic-concurrency version.</summary>
    public long LastSequence { get; init; }

    /// <summary>When a terminal job is deleted (result retention); null while the job is not terminal.</summary>
    public DateTimeOffset? ExpiresAt { get => UtcTicks.ToTime(_expiresAt); init => _expiresAt = UtcTicks.From(value); }

    /// <summary>The node that holds the running job's lease, or null.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the lease ends unless renewed; another node may then take the job over.</summary>
    public DateTimeOffset? LeaseExpiresAt { get => UtcTicks.ToTime(_leaseExpiresAt); init => _leaseExpiresAt = UtcTicks.From(value); }

    internal static IReadOnlyDictionary<string, string> EmptyLabels { get; } = new Dictionary<string, string>(0);
}
