namespace TaskRpc.Engine.Jobs;

/// <summary>
/// Retries after a failed attempt, with exponential backoff and jitter. The wait before retry
/// <c>n</c> (from 1) is <c>w = min(InitialBackoff * Multiplier^(n-1), MaxBackoff)</c>, drawn from
/// <c>[w * (1 - Jitter), w]</c>.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The most attempts allowed.</summary>
    public const int MaxAllowedAttempts = 100;

    /// <summary>One attempt, no retry.</summary>
    public static RetryPolicy None { get; } = new();

    /// <summary>Attempts in all, the first included. 0 or 1: no retry. At most 100. Default 1.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>Wait before the first retry. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts. Default 5 minutes.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Each wait is the previous one times this; at least 1. Default 2.</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>Fraction of each wait randomised, 0 to 1. Default 0.2.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Attempts in all, with 0 read as 1.</summary>
    public int EffectiveMaxAttempts => Math.Max(1, MaxAttempts);

    /// <summary>Why this policy is invalid, or null when it is valid.</summary>
    /// <returns>A message or null.</returns>
    public string? Validate()
    {
        if (MaxAttempts is < 0 or > MaxAllowedAttempts)
        {
            return $"retry.max_attempts must be 0 to {MaxAllowedAttempts}, not {MaxAttempts}.";
        }

        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero)
        {
            return "retry backoffs must not be negative.";
        }

        if (MaxBackoff < InitialBackoff)
        {
            return "retry.max_backoff must not be less than retry.initial_backoff.";
        }

        if (!(Multiplier >= 1) || double.IsInfinity(Multiplier))
        {
            return $"retry.backoff_multiplier must be at least 1, not {Multiplier}.";
        }

        return Jitter is >= 0 and <= 1 ? null : $"retry.jitter must be 0 to 1, not {Jitter}.";
    }

    /// <summary>The wait before the retry that follows failed attempt <paramref name="failedAttempt"/>.</summary>
    /// <param name="failedAttempt">The attempt that failed, from 1.</param>
    /// <param name="unitRandom">A random number in [0, 1).</param>
    /// <returns>The wait.</returns>
    public TimeSpan ComputeBackoff(int failedAttempt, double unitRandom)
    {
        var exponent = Math.Max(0, failedAttempt - 1);
        var ticks = InitialBackoff.Ticks * Math.Pow(Multiplier, exponent);
        var wait = Math.Min(ticks, MaxBackoff.Ticks);
        var jittered = wait * (1 - (Jitter * Math.Clamp(unitRandom, 0, 1)));
        return TimeSpan.FromTicks((long)jittered);
    }
}
