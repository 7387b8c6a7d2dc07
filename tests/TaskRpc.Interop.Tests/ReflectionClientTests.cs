using System.Globalization;
using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>
/// Server reflection (v1 and v1alpha) of the real server checked by an independent implementation:
/// the npm package grpc-js-reflection-client, driven by tests/interop/node/reflection_check.js.
/// </summary>
[Collection(ServerUnderTestGroup.Name)]
public sealed class ReflectionClientTests(ServerUnderTest server)
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task ReflectionCheck_IndependentClient_FindsServicesSymbolsAndFiles(string version)
    {
        var (exitCode, output, error) = await RunCheckAsync(
            "--reflection-version", version,
            "--symbol", "taskrpc.v1.SubmitRequest", "--file", "taskrpc/v1/task_service.proto",
            "--expect-service", "taskrpc.v1.TaskService", "--expect-service", "grpc.health.v1.Health",
            "--expect-service", "grpc.reflection.v1.ServerReflection", "--expect-service", "grpc.reflection.v1alpha.ServerReflection");

        Assert.True(exitCode == 0, $"reflection_check.js exited {exitCode}:\n{output}\n{error}");
        Assert.Contains("\"taskrpc/v1/job.proto\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReflectionCheck_UnknownSymbol_Fails()
    {
        var (exitCode, _, _) = await RunCheckAsync("--symbol", "no.such.Symbol");

        Assert.NotEqual(0, exitCode);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunCheckAsync(params string[] arguments)
    {
        await InteropPrerequisites.EnsureAsync("node");
        return await ExternalProcess.RunAsync(
            "node",
            ["reflection_check.js", "--host", "127.0.0.1", "--port", server.Port.ToString(CultureInfo.InvariantCulture), .. arguments],
            RepositoryPaths.NodeInterop,
            TimeSpan.FromMinutes(1));
    }
}
