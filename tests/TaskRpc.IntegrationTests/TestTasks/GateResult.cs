namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>Result of <see cref="GateTask"/>.</summary>
/// <param name="Gate">The gate passed, if any.</param>
/// <param name="Order">The job's place among the starts of gate jobs on this server, from 1.</param>
internal sealed record GateResult(string? Gate, long Order);
