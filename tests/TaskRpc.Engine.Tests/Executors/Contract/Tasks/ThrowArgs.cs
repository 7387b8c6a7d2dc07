namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>Args of contract.throw: the message of the exception it throws.</summary>
internal sealed record ThrowArgs(string Message);
