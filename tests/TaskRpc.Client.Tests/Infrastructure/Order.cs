namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>A plain C# record sent as JSON args and read back as a JSON result.</summary>
public sealed record Order(string Sku, int Quantity, IReadOnlyList<string> Colors);
