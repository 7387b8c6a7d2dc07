using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Stats;

/// <summary>One task's load at a moment.</summary>
/// <param name="Task">The task's name.</param>
/// <param name="Executor">Where its handler runs.</param>
/// <param name="Queued">Its jobs waiting.</param>
/// <param name="Running">Its jobs running.</param>
internal sealed record TaskStats(string Task, ExecutorKind Executor, int Queued, int Running);
