using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

/// <summary>The CLI in scripts: stdout a pipe, no NO_COLOR, as README's examples use it.</summary>
public sealed class CliScriptingTests(ClientTestServer server) : ClientTestBase(server)
{
    private const char Escape = '\u001b';

    private static readonly Dictionary<string, string?> ColourTerminalEnvironment = new() { ["NO_COLOR"] = null, ["TERM"] = "xterm-256color" };

    [Fact]
    public async Task Submit_IdCapturedByTheShell_CancelTakesIt()
    {
        var run = await CliProcess.RunShellAsync(Server.Address, """
            ID=$(taskrpc submit demo.sleep --args '{"seconds":60}') || exit 10
            taskrpc cancel "$ID" >/dev/null || exit 11
            printf '%s' "$ID"
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = await Client.GetJobAsync<Payload>(run.Output, Timeout);
        Assert.Equal(JobState.Cancelled, (await job.WaitAsync(Timeout)).State);
        Assert.Contains(job.Id, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Plain_PrintsOnlyTheIdOnStdout()
    {
        var run = await CliProcess.RunAsync(Server.Address, "submit", "demo.echo", "--args", "{}");

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = run.Output.TrimEnd('\n');
        Assert.DoesNotContain('\n', id);
        Assert.Equal("demo.echo", (await Client.GetJobAsync<Payload>(id, Timeout)).TaskName);
    }

    [Theory]
    [InlineData("submit", "demo.fail", "--args", """{"message":"red"}""", "--wait")]
    [InlineData("submit", "demo.sleep", "--args", """{"seconds":0.1,"steps":2}""", "--watch")]
    [InlineData("list", "--limit", "5")]
    [InlineData("tasks")]
    [InlineData("get", "no-such-job")]
    public async Task Run_StdoutNotATerminalWithoutNoColor_WritesNoEscapeCodes(params string[] args)
    {
        await (await SleepAsync(0.01)).WaitAsync(Timeout);

        var run = await CliProcess.RunAsync(Server.Address, ColourTerminalEnvironment, args);

        Assert.True(run.ExitCode is 0 or 1 or 4, run.ToString());
        Assert.DoesNotContain(Escape, run.Output);
        Assert.DoesNotContain(Escape, run.Error);
    }

    [Fact]
    public async Task List_IntoAPipe_EachJobIsOneWholeLine()
    {
        var text = string.Join(' ', Enumerable.Repeat("a result long enough to wrap an eighty-column table", 3));
        var job = await Client.SubmitAsync<Payload>("demo.echo", new { text }, cancellationToken: Timeout);
        await job.WaitAsync(Timeout);

        var run = await CliProcess.RunAsync(Server.Address, ColourTerminalEnvironment, "list", "--task", "demo.echo", "--limit", "1000");

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(run.Output.Split('\n'), l => l.Contains(job.Id, StringComparison.Ordinal));
        Assert.StartsWith(job.Id + " ", line, StringComparison.Ordinal);
        Assert.Contains("SUCCEEDED", line, StringComparison.Ordinal);
        Assert.Contains(text, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IntoAPipe_WritesAlignedFieldLines()
    {
        var job = await Client.SubmitAsync<Payload>("demo.echo", new { x = 1 }, cancellationToken: Timeout);
        await job.WaitAsync(Timeout);

        var run = await CliProcess.RunAsync(Server.Address, ColourTerminalEnvironment, "get", job.Id);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"id        {job.Id}", lines[0]);
        Assert.Contains("state     SUCCEEDED", lines);
    }

    [Fact]
    public async Task Wait_TimeoutPasses_SaysSoOnStderr()
    {
        var job = await SleepAsync(60);

        var run = await CliProcess.RunAsync(Server.Address, "wait", job.Id, "--timeout", "0.2");

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("timeout (0.2 s) passed", run.Error, StringComparison.Ordinal);
        Assert.Contains(job.Id, run.Output, StringComparison.Ordinal);
        await job.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task Run_UnknownCommand_PrintsOneMessage()
    {
        var run = await CliProcess.RunAsync(Server.Address, "frobnicate");

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("taskrpc: unknown command 'frobnicate'; run 'taskrpc --help' for the commands.", line);
        Assert.Empty(run.Output);
    }
}
