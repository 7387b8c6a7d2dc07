namespace TaskRpc.Client.Examples;

/// <summary>The result of demo.sleep and demo.blocking_sleep.</summary>
public sealed record SleepResult(double Slept, int Steps);
