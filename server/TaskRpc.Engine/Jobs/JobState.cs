namespace TaskRpc.Engine.Jobs;

/// <summary>The lifecycle state of a job.</summary>
public enum JobState
{
    /// <summary>Accepted, waiting for its start time, an executor slot or a retry.</summary>
    Queued = 1,

    /// <summary>An attempt is running.</summary>
    Running = 2,

    /// <summary>Ended with a result.</summary>
    Succeeded = 3,

    /// <summary>Ended with an error.</summary>
    Failed = 4,

    /// <summary>Ended because it was cancelled.</summary>
    Cancelled = 5,
}
