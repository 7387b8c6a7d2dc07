namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>
/// Args of demo.sleep and demo.blocking_sleep. Settable properties rather than a positional
/// record: System.Text.Json then binds them without the per-call argument state that a
/// parameterised constructor costs (about 200 bytes a job).
/// </summary>
internal sealed record SleepArgs
{
    /// <summary>How long to sleep in all. Default 1.</summary>
    public double Seconds { get; init; } = 1;

    /// <summary>In how many steps; progress is reported after each. Default 1.</summary>
    public int Steps { get; init; } = 1;

    public string? Validate() => Seconds is >= 0 and <= 86_400 && Steps is >= 1 and <= 100_000
        ? null
        : "seconds must be 0 to 86400 and steps 1 to 100000.";
}
