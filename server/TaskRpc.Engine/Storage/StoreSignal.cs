using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>A signal from a <see cref="ISharedJobStore"/>: a write one node made that others may act on.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="JobId">The job, for <see cref="StoreSignalKind.JobChanged"/> and <see cref="StoreSignalKind.CancelRequested"/>.</param>
/// <param name="Sequence">The job's new last sequence, for <see cref="StoreSignalKind.JobChanged"/>.</param>
/// <param name="Executor">The executor the job waits for, for <see cref="StoreSignalKind.JobQueued"/>.</param>
public readonly record struct StoreSignal(StoreSignalKind Kind, string? JobId = null, long Sequence = 0, ExecutorKind Executor = default);
