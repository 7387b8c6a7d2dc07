namespace TaskRpc.Client.Examples;

/// <summary>One input of the fan-out example, echoed back by demo.echo.</summary>
public sealed record Number(int N);
