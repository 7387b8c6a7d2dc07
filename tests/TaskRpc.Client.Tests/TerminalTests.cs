using TaskRpc.Client.Tests.Infrastructure;

namespace TaskRpc.Client.Tests;

public sealed class TerminalTests(ClientTestServer server) : ClientTestBase(server)
{
    [TmuxFact]
    public async Task SubmitWatch_InARealTerminal_DrawsTheBarTo100PercentAndSucceeded()
    {
        var command = $"dotnet '{CliProcess.DllPath}' submit demo.sleep --args '{{\"seconds\":1,\"steps\":4}}' --watch";
        using var tmux = await Tmux.StartAsync(command, new Dictionary<string, string> { ["TASKRPC_ADDRESS"] = Server.Address.ToString(), ["TERM"] = "xterm-256color" });

        await tmux.WaitForExitAsync(Patience);
        var screen = await tmux.CaptureAsync();

        Assert.Contains("EXIT=0", screen, StringComparison.Ordinal);
        var bar = screen.Split('\n').Single(line => line.Contains("demo.sleep", StringComparison.Ordinal) && line.Contains('━'));
        Assert.Contains("SUCCEEDED", bar, StringComparison.Ordinal);
        Assert.Contains("100%", bar, StringComparison.Ordinal);
        Assert.Contains("\"slept\": 1", screen, StringComparison.Ordinal);
    }

    [TmuxFact]
    public async Task SubmitWait_InARealTerminal_ColoursTheState()
    {
        var screen = await RunInTerminalAsync("submit demo.fail --args '{\"message\":\"coloured\"}' --wait", noColor: false);

        Assert.Contains("EXIT=1", screen, StringComparison.Ordinal);
        Assert.Contains('\u001b', screen);
    }

    [TmuxFact]
    public async Task SubmitWait_InARealTerminalWithNoColor_WritesNoEscapeCodes()
    {
        var screen = await RunInTerminalAsync("submit demo.fail --args '{\"message\":\"plain\"}' --wait", noColor: true);

        Assert.Contains("EXIT=1", screen, StringComparison.Ordinal);
        Assert.Contains("FAILED", screen, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', screen);
    }

    [TmuxFact]
    public async Task List_InANarrowTerminal_NeverBreaksAnId()
    {
        var job = await Client.SubmitAsync<Contracts.V1.Payload>("demo.echo", new { text = "a result long enough to need wrapping in a narrow terminal" }, cancellationToken: Timeout);
        await job.WaitAsync(Timeout);

        var screen = await RunInTerminalAsync($"list --task demo.echo --limit 3; dotnet '{CliProcess.DllPath}' get {job.Id}", noColor: false, width: 44);

        Assert.Contains("EXIT=0", screen, StringComparison.Ordinal);
        Assert.Equal(2, screen.Split('\n').Count(line => line.Contains(job.Id, StringComparison.Ordinal)));
    }

    /// <summary>Runs <c>taskrpc COMMAND</c> in a real terminal until it exits and returns the screen with its escape codes.</summary>
    private async Task<string> RunInTerminalAsync(string command, bool noColor, int width = 120)
    {
        var environment = new Dictionary<string, string> { ["TASKRPC_ADDRESS"] = Server.Address.ToString(), ["TERM"] = "xterm-256color" };
        var prefix = noColor ? "NO_COLOR=1 " : "unset NO_COLOR; ";
        using var tmux = await Tmux.StartAsync($"{prefix}dotnet '{CliProcess.DllPath}' {command}", environment, width);
        await tmux.WaitForExitAsync(Patience);
        return await tmux.CaptureAsync(escapes: true);
    }
}
