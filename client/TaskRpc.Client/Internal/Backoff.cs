namespace TaskRpc.Client.Internal;

/// <summary>Bounded exponential backoff between retries of a transient failure, with jitter.</summary>
internal static class Backoff
{
    /// <summary>Waits before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public static Task DelayAsync(int attempt, TaskRpcClientOptions options, CancellationToken cancellationToken)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 16);
        var ticks = Math.Min(options.RetryBackoff.Ticks * (1L << exponent), options.MaxRetryBackoff.Ticks);
        var jittered = ticks - (long)(ticks * 0.2 * Random.Shared.NextDouble());
        return Task.Delay(TimeSpan.FromTicks(Math.Max(jittered, 0)), cancellationToken);
    }
}
