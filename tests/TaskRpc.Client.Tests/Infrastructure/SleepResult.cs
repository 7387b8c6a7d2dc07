namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>demo.sleep's result, as a plain C# record read from JSON.</summary>
public sealed record SleepResult(double Slept, int Steps);
