using System.Text.RegularExpressions;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

/// <summary><c>taskrpc top</c> (GetStats) through the CLI process, and live in a real terminal.</summary>
public sealed partial class CliTopTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task TopOnce_WithRunningAndFinishedJobs_PrintsOneFrameWithThemAndExitsZero()
    {
        for (var i = 0; i < 3; i++)
        {
            await (await Client.SubmitAsync<Payload>("demo.echo", new { i }, cancellationToken: Timeout)).WaitAsync(Timeout);
        }

        var sleeping = await SleepAsync(60);
        await WaitUntilRunningAsync(sleeping);

        var run = await CliProcess.RunAsync(Server.Address, "top", "--once", "--interval", "0.2");
        var json = await CliProcess.RunAsync(Server.Address, "--json", "top", "--once", "--interval", "0.2");
        await sleeping.CancelAsync(cancellationToken: Timeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("submitted/s", run.Output, StringComparison.Ordinal);
        Assert.Matches(SleepRunningRow(), run.Output);
        Assert.True(json.ExitCode == 0, json.ToString());
        var stats = json.Json();
        Assert.True(long.Parse(stats.GetProperty("jobsSubmitted").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 4, json.Output);
        Assert.True(long.Parse(stats.GetProperty("jobsFinished").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 3, json.Output);
        var sleep = stats.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("task").GetString() == "demo.sleep");
        Assert.Equal(1, sleep.GetProperty("running").GetInt32());
    }

    [Fact]
    public async Task Top_BadInterval_ExitsTwo()
    {
        var run = await CliProcess.RunAsync(Server.Address, "top", "--once", "--interval", "0");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--interval", run.Error, StringComparison.Ordinal);
    }

    [TmuxFact]
    public async Task Top_InARealTerminal_RedrawsWithANewJobAndExitsInterruptedOnCtrlC()
    {
        // The trap keeps tmux's sh (which would die of the terminal's SIGINT) alive to report the exit code.
        var command = $"trap true INT; dotnet '{CliProcess.DllPath}' top --interval 0.2";
        using var tmux = await Tmux.StartAsync(command, new Dictionary<string, string> { ["TASKRPC_ADDRESS"] = Server.Address.ToString(), ["TERM"] = "xterm-256color" });
        await tmux.WaitForScreenAsync(screen => screen.Contains("submitted/s", StringComparison.Ordinal), Patience);

        var sleeping = await SleepAsync(60);
        var screen = await tmux.WaitForScreenAsync(s => SleepRunningRow().IsMatch(s), Patience);
        await tmux.SendKeysAsync("C-c");
        await tmux.WaitForExitAsync(Patience);
        await sleeping.CancelAsync(cancellationToken: Timeout);

        Assert.Contains("EXIT=130", await tmux.CaptureAsync(), StringComparison.Ordinal);
        Assert.Contains("executor", screen, StringComparison.Ordinal);
    }

    private async Task WaitUntilRunningAsync(RemoteJob<SleepResult> job)
    {
        await foreach (var e in job.WatchAsync(cancellationToken: Timeout))
        {
            if (e.StateChange?.State == JobState.Running)
            {
                return;
            }
        }
    }

    [GeneratedRegex(@"demo\.sleep\s+async\s+0\s+1\b")]
    private static partial Regex SleepRunningRow();
}
