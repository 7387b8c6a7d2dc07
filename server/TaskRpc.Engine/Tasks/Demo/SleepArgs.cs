namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>Args of demo.sleep and demo.blocking_sleep.</summary>
/// <param name="Seconds">How long to sleep in all.</param>
/// <param name="Steps">In how many steps; progress is reported after each.</param>
internal sealed record SleepArgs(double Seconds = 1, int Steps = 1)
{
    public string? Validate() => Seconds is >= 0 and <= 86_400 && Steps is >= 1 and <= 100_000
        ? null
        : "seconds must be 0 to 86400 and steps 1 to 100000.";
}
