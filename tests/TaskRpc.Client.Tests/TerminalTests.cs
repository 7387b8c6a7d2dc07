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
}
