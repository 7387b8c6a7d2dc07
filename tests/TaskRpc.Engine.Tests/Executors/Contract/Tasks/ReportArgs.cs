namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>Args of contract.report: how many steps, and the gate to wait at after each (0: none, report them all at once).</summary>
internal sealed record ReportArgs(int Steps, int Port = 0);
