namespace TaskRpc.Engine;

/// <summary>Options of the job engine; every default is stated on its property.</summary>
public sealed class EngineOptions
{
    /// <summary>The default <see cref="MaxJobSizeBytes"/>: 4 MiB − 64 KiB, leaving room for the envelope in a 4 MiB message.</summary>
    public const int DefaultMaxJobSizeBytes = (4 * 1024 * 1024) - (64 * 1024);

    /// <summary>Registers demo.echo, demo.sleep, demo.blocking_sleep, demo.fail, demo.cpu and demo.crash. Default true.</summary>
    public bool EnableDemoTasks { get; set; } = true;

    /// <summary>Puts handler stack traces in <c>JobError.Details</c>. Default false.</summary>
    public bool DetailedErrors { get; set; }

    /// <summary>How long a terminal job (and its result) is kept before it is deleted. Default 24 hours.</summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired jobs are deleted. Default 1 minute.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The largest a job may be, in bytes, as the service sends it (args, result, error, progress,
    /// labels and the rest; the server measures the encoded message), so every accepted job can be
    /// read back: Submit refuses args that would make a job bigger (INVALID_ARGUMENT); a result
    /// that would is not kept and the job fails with RESOURCE_EXHAUSTED; a List page ends early
    /// rather than hold more. The server checks at start that it leaves room in its message size
    /// limit (<c>Server:MaxMessageSize</c>). Default 4 MiB − 64 KiB (4,128,768).
    /// </summary>
    public int MaxJobSizeBytes { get; set; } = DefaultMaxJobSizeBytes;

    /// <summary>
    /// The shortest time between two published progress events of one job: reports in between
    /// are coalesced to the latest (even at zero, a report that arrives while the previous one is
    /// being published replaces it); the last report is always published before the job's final
    /// event. Default 50 ms.
    /// </summary>
    public TimeSpan ProgressFlushInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Events buffered per subscriber before stale progress events are skipped (state changes are
    /// never skipped). Default 256.
    /// </summary>
    public int SubscriberBufferCapacity { get; set; } = 256;

    /// <summary>
    /// How long stopping waits for the running jobs it interrupted (their tokens fire) to return;
    /// each then goes back to the queue with its attempt uncounted. A job still running after it
    /// is left as the store has it and recovered at the next start, as after a crash. Default 10 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>This node's name, the owner of the leases of the jobs it runs. Default machine name and process id.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a running job's lease lasts. Default 5 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// With a store shared by several nodes (PostgreSQL): how often a node looks for work it may
    /// have missed a signal for (runnable and delayed jobs, cancel requests, expired leases, and,
    /// while its listen connection is down, events of the jobs it follows). Default 1 second.
    /// </summary>
    public TimeSpan SharedStorePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Async executor. Default 256 concurrent jobs, 100,000 waiting.</summary>
    public ExecutorOptions Async { get; set; } = new() { MaxConcurrency = 256, QueueCapacity = 100_000 };

    /// <summary>The Threads executor. Default max(4, 2 × processor count) threads, 10,000 waiting.</summary>
    public ExecutorOptions Threads { get; set; } = new() { MaxConcurrency = Math.Max(4, 2 * Environment.ProcessorCount), QueueCapacity = 10_000 };

    /// <summary>The Processes executor (a pool of worker processes). Defaults: see <see cref="ProcessPoolOptions"/>.</summary>
    public ProcessPoolOptions Processes { get; set; } = new();
}
