namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>One generated gRPC call: a kind (for the tally), the method path, the raw request body and extra headers.</summary>
internal sealed record GrpcFuzzCase(int Number, string Kind, string Path, byte[] Body, IReadOnlyList<(string Name, string Value)> Headers)
{
    /// <summary>What a failure message needs to reproduce the case.</summary>
    public override string ToString() =>
        $"case {Number} ({Kind}) {Path}, {Body.Length} body bytes [{Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 32)))}...], headers: {string.Join(", ", Headers.Select(h => $"{h.Name}={h.Value}"))}";
}
