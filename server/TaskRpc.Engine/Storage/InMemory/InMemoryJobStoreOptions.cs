namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>
/// Options of the in-memory job store: configuration section <c>Store</c> (with <c>Store:Kind</c>
/// <c>memory</c>, option <c>--store memory</c>). Every default is stated on its property.
/// </summary>
public sealed class InMemoryJobStoreOptions
{
    /// <summary>The default <see cref="MaxSizeBytes"/>: 1 GiB.</summary>
    public const long DefaultMaxSizeBytes = 1L << 30;

    /// <summary>
    /// The most bytes the retained jobs may hold: their args, results, errors, progress and event
    /// logs, plus about 400 bytes of bookkeeping per job and 60 per event (an estimate of the
    /// managed memory they take: about 700 bytes for a small finished job, so 1 GiB holds about
    /// 1.5 million of them). Submit past it fails with RESOURCE_EXHAUSTED, after the store
    /// first drops the jobs whose retention has ended; a job already accepted always stores its
    /// outcome, so its result may pass the limit. Default 1 GiB (<see cref="DefaultMaxSizeBytes"/>).
    /// </summary>
    public long MaxSizeBytes { get; set; } = DefaultMaxSizeBytes;
}
