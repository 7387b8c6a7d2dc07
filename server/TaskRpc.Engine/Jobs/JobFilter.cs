namespace TaskRpc.Engine.Jobs;

/// <summary>Which jobs a list returns; every set criterion must match.</summary>
public sealed record JobFilter
{
    /// <summary>A filter that matches every job.</summary>
    public static JobFilter All { get; } = new();

    /// <summary>Only jobs in this state; null: any.</summary>
    public JobState? State { get; init; }

    /// <summary>Only jobs of this task; null or empty: any.</summary>
    public string? Task { get; init; }

    /// <summary>Only jobs that carry all these labels with these values; null: any.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Only jobs of this tenant (<c>""</c>: jobs without one); null: any tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>
    /// Only jobs still retained at this time: a terminal job whose <see cref="JobSnapshot.ExpiresAt"/>
    /// has passed is left out whether or not the retention sweep has deleted it yet. The engine
    /// sets it to the current time; null: every stored job.
    /// </summary>
    public DateTimeOffset? RetainedAt { get; init; }

    /// <summary>Whether <paramref name="job"/> matches.</summary>
    /// <param name="job">The job.</param>
    /// <returns>True when every set criterion matches.</returns>
    public bool Matches(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if ((State is { } state && job.State != state)
            || (!string.IsNullOrEmpty(Task) && !string.Equals(job.Task, Task, StringComparison.Ordinal))
            || (Tenant is { } tenant && !string.Equals(job.Tenant, tenant, StringComparison.Ordinal))
            || (RetainedAt is { } now && job.ExpiresAt <= now))
        {
            return false;
        }

        if (Labels is null)
        {
            return true;
        }

        foreach (var (key, value) in Labels)
        {
            if (!job.Labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
