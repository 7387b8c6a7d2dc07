namespace TaskRpc.Client.Examples;

/// <summary>
/// The result of demo.cpu, <c>{n, result, pid}</c>: the loop count, its checksum and the worker
/// process that ran it. <c>result</c> is a JSON number, which travels as a double.
/// </summary>
public sealed record CpuResult(long N, double Result, int Pid);
