namespace TaskRpc.Engine.Tests.Architecture;

/// <summary>
/// The engine's layers, bottom to top: a folder (namespace) may use only the folders below it.
/// The root namespace is split in two: its public options types (plain settings that use nothing
/// of the engine) are the bottom layer, everything else there (JobEngine, the DI extensions, the
/// builder, the worker entry point) is the composition root at the top, which may use anything.
/// </summary>
internal static class EngineLayers
{
    /// <summary>The root namespace's options types.</summary>
    public const string Options = "(root options)";

    /// <summary>The rest of the root namespace.</summary>
    public const string Root = "(root)";

    /// <summary>Bottom to top.</summary>
    public static readonly IReadOnlyList<string> Order =
    [
        Options,
        "Timing",      // the high-resolution timers; nothing of the engine
        "Jobs",        // the job's values: snapshot, state, payload, submission, retry policy
        "Errors",      // the domain exceptions (QueueFullException names an ExecutorKind)
        "Limits",      // job size and JSON depth limits
        "Diagnostics", // logs, metrics, spans
        "Storage",     // IJobStore, ISharedJobStore, the in-memory store, list paging
        "Events",      // the event hub, subscriptions, waits
        "Tasks",       // the handler API, bindings, demo tasks
        "Executors",   // Async, Threads, Processes (and the worker protocol)
        "Lifecycle",   // state machine, runtime, queues, runner, scheduler, deadlines, leases, retention, Cluster/
        "Stats",       // the dashboard's read-only view of the lifecycle
        Root,
    ];

    private static readonly HashSet<string> RootOptions = new(StringComparer.Ordinal)
    {
        "EngineOptions", "ExecutorOptions", "ProcessPoolOptions", "TenantQuotaOptions", "TenantQuota",
    };

    /// <summary>The layer of an engine type (by full name): its first namespace part under TaskRpc.Engine.</summary>
    public static string Of(string fullName)
    {
        var rest = fullName["TaskRpc.Engine.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot >= 0 ? rest[..dot] : RootOptions.Contains(rest) ? Options : Root;
    }

    /// <summary>The position of <paramref name="layer"/> from the bottom; -1 when it has none.</summary>
    public static int Rank(string layer)
    {
        for (var i = 0; i < Order.Count; i++)
        {
            if (Order[i] == layer)
            {
                return i;
            }
        }

        return -1;
    }
}
