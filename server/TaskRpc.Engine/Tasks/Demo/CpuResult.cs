namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>Result of demo.cpu.</summary>
/// <param name="N">The iterations run.</param>
/// <param name="Result">The sum of i*i mod 2^61-1 over them.</param>
/// <param name="Pid">The worker process that ran it.</param>
internal sealed record CpuResult(long N, long Result, int Pid);
