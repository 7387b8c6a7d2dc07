using TaskRpc.Engine.Executors.Processes.Protocol;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// Something queued on a <see cref="WorkerFrameWriter"/>: a message, or a slot whose latest
/// message is taken only when the writer gets to it (so bursts of progress coalesce).
/// </summary>
internal interface IOutgoingFrame
{
    /// <summary>The message to write now; null to write nothing.</summary>
    WorkerMessage? Take();
}
