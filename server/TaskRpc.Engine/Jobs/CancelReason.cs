namespace TaskRpc.Engine.Jobs;

/// <summary>Why a running attempt's token fired.</summary>
internal enum CancelReason
{
    None = 0,
    User = 1,
    Timeout = 2,
    Shutdown = 3,
}
