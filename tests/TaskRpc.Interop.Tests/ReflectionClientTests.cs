using System.Globalization;
using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>
/// Server reflection (v1 and v1alpha) checked by an independent implementation: the npm
/// package grpc-js-reflection-client, driven by tests/interop/node/reflection_check.js.
/// </summary>
public sealed class ReflectionClientTests(ExternalClientRuns runs) : IClassFixture<ExternalClientRuns>
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task ReflectionCheck_IndependentClient_FindsServicesSymbolsAndFiles(string version)
    {
        await InteropPrerequisites.EnsureAsync("node");
        var (exitCode, output, error) = await ExternalProcess.RunAsync(
            "node",
            [
                "reflection_check.js", "--host", "127.0.0.1", "--port", runs.Port.ToString(CultureInfo.InvariantCulture),
                "--reflection-version", version,
                "--symbol", "grpc.testing.SimpleRequest", "--file", "grpc/testing/test.proto",
                "--expect-service", "grpc.testing.TestService", "--expect-service", "grpc.health.v1.Health",
                "--expect-service", "grpc.reflection.v1.ServerReflection", "--expect-service", "grpc.reflection.v1alpha.ServerReflection",
            ],
            RepositoryPaths.NodeInterop,
            TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, $"reflection_check.js exited {exitCode}:\n{output}\n{error}");
        Assert.Contains("\"grpc/testing/messages.proto\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReflectionCheck_UnknownSymbol_Fails()
    {
        await InteropPrerequisites.EnsureAsync("node");
        var (exitCode, _, _) = await ExternalProcess.RunAsync(
            "node",
            ["reflection_check.js", "--host", "127.0.0.1", "--port", runs.Port.ToString(CultureInfo.InvariantCulture), "--symbol", "no.such.Symbol"],
            RepositoryPaths.NodeInterop,
            TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, exitCode);
    }
}
