namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>Args of <see cref="GateTask"/>.</summary>
/// <param name="Gate">The gate to wait at; null: pass at once.</param>
internal sealed record GateArgs(string? Gate = null);
