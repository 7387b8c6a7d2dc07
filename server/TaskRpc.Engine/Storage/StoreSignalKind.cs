namespace TaskRpc.Engine.Storage;

/// <summary>What a <see cref="StoreSignal"/> announces.</summary>
public enum StoreSignalKind
{
    /// <summary>A job became Queued (created or re-queued) for <see cref="StoreSignal.Executor"/>.</summary>
    JobQueued = 1,

    /// <summary>Job <see cref="StoreSignal.JobId"/> has a new event, up to <see cref="StoreSignal.Sequence"/>.</summary>
    JobChanged = 2,

    /// <summary>Someone asked to cancel running job <see cref="StoreSignal.JobId"/>.</summary>
    CancelRequested = 3,

    /// <summary>The store listens again after a break (or for the first time): earlier signals may have been missed.</summary>
    Resync = 4,

    /// <summary>The listen connection broke: no signal comes until the next <see cref="Resync"/>.</summary>
    ListenLost = 5,
}
