namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>Args of contract.hold: the gate's port, the handler's name there, and whether it ignores its cancellation token.</summary>
internal sealed record HoldArgs(int Port, string Name, bool IgnoreCancel = false);
