namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>Result of demo.sleep and demo.blocking_sleep.</summary>
/// <param name="Slept">The seconds slept.</param>
/// <param name="Steps">The steps taken.</param>
internal sealed record SleepResult(double Slept, int Steps);
