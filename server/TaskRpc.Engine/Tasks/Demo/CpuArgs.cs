namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>Args of demo.cpu.</summary>
/// <param name="N">How many loop iterations (the asyncio examples' computer(n)).</param>
/// <param name="IgnoreCancel">Never look at the CancellationToken: only the pool's forced kill stops it.</param>
internal sealed record CpuArgs(long N = 1_000_000, bool IgnoreCancel = false);
