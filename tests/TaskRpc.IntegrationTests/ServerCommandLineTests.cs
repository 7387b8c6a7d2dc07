using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>The built server's command line and default logging, through the real server process.</summary>
public sealed class ServerCommandLineTests
{
    [Theory]
    [InlineData("--stor", "memory", "--bogus", "1")]
    [InlineData("--bogus=1")]
    [InlineData("-p", "6000")]
    [InlineData("port=6000")]
    [InlineData("stray")]
    public async Task Start_UnknownOption_ExitsTwoWithOneLineNamingIt(params string[] args)
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(args);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("taskrpc: unknown option", line, StringComparison.Ordinal);
        Assert.Contains($"'{args[0].Split('=')[0]}'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MisspeltSwitch_SuggestsTheSwitch()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--stor", "memory");

        Assert.Equal(2, exitCode);
        Assert.Contains("'--stor' (did you mean --store?)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Help_ListsTheOptionsWithDefaultsAndExitsZero()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--host ADDRESS", "--port N", "--http-port N", "--certificate FILE", "--detailed-errors", "--store sqlite|memory|postgres", "--db PATH", "--connection STRING", "--Section:Key=value" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        Assert.Contains("default 127.0.0.1", output, StringComparison.Ordinal);
        Assert.Contains("default 50051", output, StringComparison.Ordinal);
        Assert.Contains("default sqlite", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SwitchesAndConfigurationKeysInEveryForm_Serves()
    {
        await using var server = await ServerProcess.StartAsync(
            "--store", "memory", "--Engine:EnableDemoTasks=true", "--Engine:Async:QueueCapacity", "1000", "/Engine:ShutdownTimeout=00:00:05", "Engine:Threads:MaxConcurrency=2");

        Assert.Equal(JobState.Succeeded, (await server.Client.RunAsync("demo.echo", "1")).State);
    }

    [Fact]
    public async Task Calls_DefaultLogging_LogTheStartButNotEachCall()
    {
        // ServerProcess quiets the server's logs; restore the shipped default level (appsettings.json).
        await using var server = await ServerProcess.StartAsync("--store", "memory", "--Logging:LogLevel:Default=Information");
        var before = Lines(server.Output);
        const int calls = 20;

        for (var i = 0; i < calls; i++)
        {
            Assert.Equal(JobState.Succeeded, (await server.Client.RunAsync("demo.echo", "1")).State);
        }

        var after = Lines(server.Output);
        Assert.Contains($"Now listening on: http://127.0.0.1:{server.Port}", server.Output, StringComparison.Ordinal);
        Assert.Contains("Job engine started", server.Output, StringComparison.Ordinal);
        Assert.True(after - before < calls / 2, $"{after - before} lines logged for {calls} calls:{Environment.NewLine}{server.Output}");
    }

    private static int Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
