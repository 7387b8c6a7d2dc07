using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>The engine's log messages (source-generated).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Debug, "Job {JobId} of task {Task} submitted")]
    public static partial void JobSubmitted(ILogger logger, string jobId, string task);

    [LoggerMessage(2, LogLevel.Debug, "Job {JobId} ended {State}")]
    public static partial void JobEnded(ILogger logger, string jobId, JobState state);

    [LoggerMessage(3, LogLevel.Information, "Job {JobId} attempt {Attempt} failed; retrying in {Backoff}")]
    public static partial void JobRetrying(ILogger logger, string jobId, int attempt, TimeSpan backoff);

    [LoggerMessage(4, LogLevel.Warning, "Job {JobId}: transition to {State} lost a version race and was dropped")]
    public static partial void TransitionConflict(ILogger logger, string jobId, JobState state);

    [LoggerMessage(5, LogLevel.Error, "Job {JobId}: the engine failed to process it")]
    public static partial void JobProcessingFailed(ILogger logger, string jobId, Exception error);

    [LoggerMessage(6, LogLevel.Information, "Job engine started on node {NodeId}; recovered {Recovered} unfinished jobs")]
    public static partial void EngineStarted(ILogger logger, string nodeId, int recovered);

    [LoggerMessage(7, LogLevel.Information, "Job engine stopping; interrupting {Running} running jobs, which go back to the queue")]
    public static partial void EngineStopping(ILogger logger, int running);

    [LoggerMessage(8, LogLevel.Warning, "Job engine stopped with {Running} jobs still running after the shutdown timeout")]
    public static partial void ShutdownTimedOut(ILogger logger, int running);

    [LoggerMessage(9, LogLevel.Information, "Threads executor started {Threads} dedicated threads")]
    public static partial void ThreadsStarted(ILogger logger, int threads);

    [LoggerMessage(10, LogLevel.Debug, "Retention sweep deleted {Deleted} expired jobs")]
    public static partial void RetentionSwept(ILogger logger, int deleted);

    [LoggerMessage(11, LogLevel.Error, "Retention sweep failed")]
    public static partial void RetentionSweepFailed(ILogger logger, Exception error);

    [LoggerMessage(12, LogLevel.Warning, "Job {JobId}: its outcome could not be stored (the store is unavailable); trying again in {Delay}")]
    public static partial void OutcomeNotStored(ILogger logger, string jobId, TimeSpan delay, Exception error);
}
