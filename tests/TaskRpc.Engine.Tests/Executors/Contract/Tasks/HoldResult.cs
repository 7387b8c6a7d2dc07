namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>Result of contract.hold: its name, and whether its token had fired by the time it returned.</summary>
internal sealed record HoldResult(string Name, bool Cancelled);
