namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>Args of contract.describe: a bit of every JSON kind.</summary>
internal sealed record DescribeArgs(string Text, IReadOnlyList<long> Numbers, double Real, bool Flag);
