namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>
/// Args of contract.report: how many steps; the gate to wait at after each (0: none, report them
/// all at once); and whether each report's detail is an object JSON cannot serialize (a cycle).
/// </summary>
internal sealed record ReportArgs(int Steps, int Port = 0, bool CyclicDetail = false, bool ThrowingDetail = false);
