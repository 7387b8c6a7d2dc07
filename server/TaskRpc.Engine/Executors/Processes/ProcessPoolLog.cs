using Microsoft.Extensions.Logging;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>The process pool's log messages (source-generated).</summary>
internal static partial class ProcessPoolLog
{
    [LoggerMessage(101, LogLevel.Information, "Process pool starting {Size} workers: {Command}")]
    public static partial void PoolStarting(ILogger logger, int size, string command);

    [LoggerMessage(102, LogLevel.Warning, "Process pool: this host has no worker command (set Engine:Processes:WorkerCommand); jobs of Processes tasks will fail")]
    public static partial void NoWorkerCommand(ILogger logger);

    [LoggerMessage(103, LogLevel.Debug, "Worker {Pid} ready")]
    public static partial void WorkerReady(ILogger logger, int pid);

    [LoggerMessage(104, LogLevel.Warning, "Worker {Pid} {How} while running {Running} job(s); replacing it")]
    public static partial void WorkerCrashed(ILogger logger, int pid, string how, int running);

    [LoggerMessage(105, LogLevel.Information, "Worker {Pid} recycled after {Jobs} jobs ({Reason})")]
    public static partial void WorkerRecycled(ILogger logger, int pid, int jobs, string reason);

    [LoggerMessage(106, LogLevel.Warning, "Worker {Pid} killed: job {JobId} did not stop within {Grace} of its cancel")]
    public static partial void WorkerKilled(ILogger logger, int pid, string jobId, TimeSpan grace);

    [LoggerMessage(107, LogLevel.Error, "Process pool could not start a worker ({Command}); retrying in {Backoff}")]
    public static partial void StartFailed(ILogger logger, string command, TimeSpan backoff, Exception? error);

    [LoggerMessage(108, LogLevel.Warning, "Worker {Pid} sent a malformed message; killing it")]
    public static partial void ProtocolError(ILogger logger, int pid, Exception error);

    [LoggerMessage(109, LogLevel.Information, "Process pool stopped; {Killed} worker(s) had to be killed")]
    public static partial void PoolStopped(ILogger logger, int killed);

    [LoggerMessage(110, LogLevel.Debug, "Worker {Pid} {How}")]
    public static partial void WorkerExited(ILogger logger, int pid, string how);

    [LoggerMessage(112, LogLevel.Warning, "Worker {Pid} {How} with {Suspects} jobs in flight and no known culprit; re-running each alone on a quarantined worker")]
    public static partial void WorkerCrashedSuspects(ILogger logger, int pid, string how, int suspects);

    [LoggerMessage(111, LogLevel.Warning, "Worker {Pid} silent for {Silent}: killing it as hung ({Reason})")]
    public static partial void WorkerHung(ILogger logger, int pid, TimeSpan silent, string reason);
}
