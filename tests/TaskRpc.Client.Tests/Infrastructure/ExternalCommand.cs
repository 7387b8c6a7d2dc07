using System.Diagnostics;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>Runs a program (dotnet pack, dotnet tool install, an installed tool) to its end, capturing its output.</summary>
public static class ExternalCommand
{
    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/> and <paramref name="environment"/>
    /// added; kills it and throws <see cref="TimeoutException"/> after <paramref name="patience"/>.
    /// </summary>
    public static Task<CliResult> RunAsync(
        string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan patience)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return RunAsync(start, $"{program} {string.Join(' ', start.ArgumentList)}", patience);
    }

    /// <summary>
    /// Runs <paramref name="start"/> (its output redirected) to its end; kills it and throws
    /// <see cref="TimeoutException"/> naming <paramref name="description"/> after <paramref name="patience"/>.
    /// </summary>
    public static async Task<CliResult> RunAsync(ProcessStartInfo start, string description, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{description} did not exit within {patience}.");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
