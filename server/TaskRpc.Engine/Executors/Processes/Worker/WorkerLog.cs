using Microsoft.Extensions.Logging;

namespace TaskRpc.Engine.Executors.Processes.Worker;

/// <summary>A worker process's log messages (to stderr; source-generated).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(121, LogLevel.Debug, "Worker {Pid}: input ended (server gone or worker retired); exiting")]
    public static partial void InputEnded(ILogger logger, int pid);
}
