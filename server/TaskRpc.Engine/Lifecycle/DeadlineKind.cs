namespace TaskRpc.Engine.Lifecycle;

/// <summary>What happens when a <see cref="Deadline"/> is due.</summary>
internal enum DeadlineKind
{
    /// <summary>A delayed job or a retry may start.</summary>
    StartDue = 1,

    /// <summary>A queued job has waited too long to start.</summary>
    ScheduleToStartTimeout = 2,

    /// <summary>A running attempt has run too long.</summary>
    ExecutionTimeout = 3,

    /// <summary>A job's coalesced progress may be published.</summary>
    ProgressFlush = 4,
}
