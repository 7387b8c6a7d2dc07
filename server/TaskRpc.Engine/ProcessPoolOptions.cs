namespace TaskRpc.Engine;

/// <summary>
/// The Processes executor: a pool of worker processes (the server's own executable started with
/// <c>--worker</c>) that run handlers in isolation. Configuration section <c>Engine:Processes</c>.
/// </summary>
public sealed class ProcessPoolOptions
{
    /// <summary>How many worker processes are kept running. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int Size { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Runs sent to one worker before earlier ones finished (one runs, the rest wait inside the
    /// worker, so it never idles between jobs). The executor's concurrency is
    /// <see cref="Size"/> × this. Default 2; 1 disables pipelining.
    /// </summary>
    public int MaxInFlightPerWorker { get; set; } = 2;

    /// <summary>The most jobs waiting for the executor before submissions fail with <see cref="Errors.QueueFullException"/>. Default 10,000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long a cancelled (or timed-out) job's handler may take to honour its token before its
    /// worker is killed and replaced. Default 500 ms.
    /// </summary>
    public TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A worker is replaced, between jobs, after this many jobs; 0 (default): never.</summary>
    public int MaxJobsPerWorker { get; set; }

    /// <summary>A worker is replaced, between jobs, once its resident memory passes this many bytes; 0 (default): never.</summary>
    public long MaxWorkerMemoryBytes { get; set; }

    /// <summary>
    /// Sets <c>DOTNET_GCHeapHardLimit</c> for the workers: a worker whose managed heap passes it
    /// gets an OutOfMemoryException, which kills the worker (and only it). 0 (default): no limit.
    /// </summary>
    public long WorkerHeapHardLimitBytes { get; set; }

    /// <summary>
    /// The executable started as a worker. Default null: the server's own executable
    /// (<see cref="Environment.ProcessPath"/>, plus the entry assembly when that is the <c>dotnet</c>
    /// host) with <c>--worker</c> and the server's arguments, when the server was started through
    /// <c>TaskRpcProgram.RunAsync</c>; a host that cannot start workers (such as an in-process test
    /// host) starts none, and its Processes jobs fail with a clear error.
    /// </summary>
    public string? WorkerCommand { get; set; }

    /// <summary>The arguments of <see cref="WorkerCommand"/> (they must include <c>--worker</c> for a TaskRpc server). Default empty.</summary>
    public IList<string> WorkerArguments { get; } = new List<string>();

    /// <summary>
    /// How long a new worker may take to report it is ready: at start-up the pool fails to start;
    /// later a replacement that is not ready in time is killed and restarted with a back-off
    /// (checked with <see cref="HeartbeatTimeout"/>'s watchdog). Default 30 seconds.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long stopping waits for workers to exit after their pipe is closed before killing them. Default 5 seconds.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a worker sends a heartbeat with its memory use. Default 1 second.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A ready worker that sends nothing, not even a heartbeat, for this long is hung (stopped,
    /// deadlocked, swapping): it is killed and replaced, and the job it was running fails with
    /// <c>ABORTED</c> (or is retried under its policy). A busy handler does not stop heartbeats,
    /// which come from their own timer. Must be longer than <see cref="HeartbeatInterval"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the check off. Default 30 seconds.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
