namespace TaskRpc.Client;

/// <summary>Optional settings of one submission. Every property states its default.</summary>
public sealed class SubmitOptions
{
    /// <summary>Higher runs first among jobs waiting for the same executor, -1000 to 1000. Default 0.</summary>
    public int Priority { get; set; }

    /// <summary>
    /// Resubmitting with the same key returns the job first submitted with it; with a key the
    /// client also retries the submission when the server is UNAVAILABLE. Default null (none).
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Do not start the job before this much time has passed. Default null (at once).</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>How long one attempt may run before it fails with DEADLINE_EXCEEDED. Default null (the task's default).</summary>
    public TimeSpan? ExecutionTimeout { get; set; }

    /// <summary>Free-form labels to list and filter jobs by. Default empty.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
