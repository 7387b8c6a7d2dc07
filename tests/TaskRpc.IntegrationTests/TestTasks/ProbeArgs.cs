namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>Args of <see cref="ProbeTask"/>.</summary>
/// <param name="Milliseconds">How long each run takes (the workload).</param>
internal sealed record ProbeArgs(int Milliseconds = 100);
