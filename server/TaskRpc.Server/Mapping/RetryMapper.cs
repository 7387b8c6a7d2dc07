using Google.Protobuf.WellKnownTypes;
using Domain = TaskRpc.Engine.Jobs;

namespace TaskRpc.Server.Mapping;

/// <summary>Retry policies across the service edge; unset fields take the documented defaults (jitter by presence: a set 0 is exact backoff).</summary>
internal static class RetryMapper
{
    public static Domain.RetryPolicy? ToDomain(Contracts.V1.RetryPolicy? retry)
    {
        if (retry is null)
        {
            return null;
        }

        var defaults = Domain.RetryPolicy.None;
        return new Domain.RetryPolicy
        {
            MaxAttempts = retry.MaxAttempts,
            InitialBackoff = TimeMapper.ToTimeSpan(retry.InitialBackoff, "retry.initial_backoff") ?? defaults.InitialBackoff,
            MaxBackoff = TimeMapper.ToTimeSpan(retry.MaxBackoff, "retry.max_backoff") ?? defaults.MaxBackoff,
            Multiplier = retry.BackoffMultiplier == 0 ? defaults.Multiplier : retry.BackoffMultiplier,
            Jitter = retry.HasJitter ? retry.Jitter : defaults.Jitter,
        };
    }

    public static Contracts.V1.RetryPolicy ToProto(Domain.RetryPolicy retry) => new()
    {
        MaxAttempts = retry.MaxAttempts,
        InitialBackoff = Duration.FromTimeSpan(retry.InitialBackoff),
        MaxBackoff = Duration.FromTimeSpan(retry.MaxBackoff),
        BackoffMultiplier = retry.Multiplier,
        Jitter = retry.Jitter,
    };
}
