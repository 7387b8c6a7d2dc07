using System.Globalization;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// The fuzz run's size and seed: <c>TASKRPC_FUZZ_CASES</c> (default 10,000) and
/// <c>TASKRPC_FUZZ_SEED</c> (default 13, so a failure reproduces; set another to explore).
/// </summary>
internal sealed record FuzzSettings(int Cases, int Seed)
{
    public const int DefaultCases = 10_000;
    public const int DefaultSeed = 13;

    public static FuzzSettings FromEnvironment() => new(
        Read("TASKRPC_FUZZ_CASES") ?? DefaultCases,
        Read("TASKRPC_FUZZ_SEED") ?? DefaultSeed);

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
