namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>One input of a fan-out, echoed back by demo.echo.</summary>
public sealed record Item(int N);
