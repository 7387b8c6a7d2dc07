namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>What contract.describe saw: its args and its context.</summary>
internal sealed record DescribeResult(
    string Text,
    IReadOnlyList<long> Numbers,
    double Real,
    bool Flag,
    string JobId,
    string Task,
    int Attempt,
    IReadOnlyDictionary<string, string> Labels);
