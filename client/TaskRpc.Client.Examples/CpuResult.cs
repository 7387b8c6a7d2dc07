namespace TaskRpc.Client.Examples;

/// <summary>The result of demo.cpu: the loop count, its checksum and the worker process that ran it.</summary>
public sealed record CpuResult(long N, long Sum, int ProcessId);
