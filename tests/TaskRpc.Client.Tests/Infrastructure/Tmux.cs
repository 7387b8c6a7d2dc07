using System.Diagnostics;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>Drives a detached tmux session: start a command in a real terminal, wait for a signal, read the screen.</summary>
public sealed class Tmux : IDisposable
{
    private Tmux(string session) => Session = session;

    /// <summary>tmux's path, or null when it is not installed.</summary>
    public static string? Path { get; } = new[] { "/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux" }.FirstOrDefault(File.Exists);

    public string Session { get; }

    /// <summary>The channel that the command signals (tmux wait-for -S) when it has exited.</summary>
    public string DoneChannel => Session + "-done";

    /// <summary>Starts <paramref name="shellCommand"/> in a new terminal <paramref name="width"/> columns wide and 30 rows high; when it exits, the shell prints EXIT=code and signals <see cref="DoneChannel"/>.</summary>
    public static async Task<Tmux> StartAsync(string shellCommand, IDictionary<string, string> environment, int width = 120)
    {
        var tmux = new Tmux("taskrpc-test-" + Guid.NewGuid().ToString("N")[..8]);
        var exports = string.Concat(environment.Select(pair => $"export {pair.Key}='{pair.Value}'; "));
        var script = $"{exports}{shellCommand}; echo EXIT=$?; tmux wait-for -S {tmux.DoneChannel}; exec cat";
        await RunAsync("new-session", "-d", "-s", tmux.Session, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", "30", script);
        return tmux;
    }

    /// <summary>Waits until the command has exited (its real signal), or fails after <paramref name="timeout"/>.</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => RunAsync(timeout, "wait-for", DoneChannel);

    /// <summary>The visible screen, as text; with <paramref name="escapes"/>, with the escape codes of its colours and attributes.</summary>
    public Task<string> CaptureAsync(bool escapes = false) =>
        escapes ? RunAsync("capture-pane", "-p", "-e", "-t", Session) : RunAsync("capture-pane", "-p", "-t", Session);

    /// <summary>Types <paramref name="keys"/> into the terminal (tmux key names, e.g. <c>C-c</c>).</summary>
    public Task SendKeysAsync(string keys) => RunAsync("send-keys", "-t", Session, keys);

    /// <summary>Reads the screen until <paramref name="shows"/> holds for it; fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> shows, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            var screen = await CaptureAsync();
            if (shows(screen))
            {
                return screen;
            }

            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"The terminal never showed what was awaited; it shows:\n{screen}");
            }

            await Task.Yield();
        }
    }

    public void Dispose() => RunAsync("kill-session", "-t", Session).Wait(ClientTestBase.Patience);

    private static Task<string> RunAsync(params string[] args) => RunAsync(ClientTestBase.Patience, args);

    private static async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(Path ?? "tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"tmux {string.Join(' ', args)} did not finish within {timeout}.");
        }

        return await output;
    }
}
