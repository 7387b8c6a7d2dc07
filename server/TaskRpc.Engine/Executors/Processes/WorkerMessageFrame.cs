namespace TaskRpc.Engine.Executors.Processes.Protocol;

/// <summary>A message is its own outgoing frame.</summary>
internal sealed partial class WorkerMessage : IOutgoingFrame
{
    /// <inheritdoc />
    public WorkerMessage? Take() => this;
}
