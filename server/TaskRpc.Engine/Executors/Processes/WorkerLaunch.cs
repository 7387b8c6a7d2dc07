namespace TaskRpc.Engine.Executors.Processes;

/// <summary>How to start a worker process: an executable and its arguments.</summary>
/// <param name="FileName">The executable.</param>
/// <param name="Arguments">Its arguments (including the worker switch).</param>
internal sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The command-line switch that starts a host as a process-pool worker (public as <c>TaskRpcWorker.Switch</c>).</summary>
    public const string Switch = "--worker";

    /// <summary>The environment variable through which the pool tells a worker its heartbeat interval (milliseconds).</summary>
    public const string HeartbeatVariable = "TASKRPC_WORKER_HEARTBEAT_MS";

    /// <summary>
    /// This process started again as a worker: <see cref="Environment.ProcessPath"/> (plus the entry
    /// assembly when that is the <c>dotnet</c> host), then <c>--worker</c> and <paramref name="args"/>.
    /// </summary>
    public static WorkerLaunch Self(IEnumerable<string> args)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no executable path to start workers from.");
        var arguments = new List<string>();
        var host = Path.GetFileNameWithoutExtension(path);
        if (string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase)
            && System.Reflection.Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
        {
            arguments.Add(entry);
        }

        arguments.Add(Switch);
        arguments.AddRange(args);
        return new WorkerLaunch(path, arguments);
    }

    /// <summary>The launch configured in <paramref name="options"/>, else <paramref name="fallback"/> (may be null: none).</summary>
    public static WorkerLaunch? Resolve(ProcessPoolOptions options, WorkerLaunch? fallback) =>
        string.IsNullOrWhiteSpace(options.WorkerCommand) ? fallback : new WorkerLaunch(options.WorkerCommand, [.. options.WorkerArguments]);

    public override string ToString() => FileName + " " + string.Join(' ', Arguments);
}
