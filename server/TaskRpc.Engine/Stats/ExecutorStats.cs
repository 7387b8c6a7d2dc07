using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Stats;

/// <summary>One executor's load at a moment.</summary>
/// <param name="Executor">The executor.</param>
/// <param name="Capacity">How many jobs it runs at once.</param>
/// <param name="Queued">Jobs of its tasks waiting (ready, delayed or waiting to retry).</param>
/// <param name="Running">Jobs of its tasks running.</param>
internal sealed record ExecutorStats(ExecutorKind Executor, int Capacity, int Queued, int Running);
