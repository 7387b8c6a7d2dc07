using System.Diagnostics;
using System.Text;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>Runs a program to completion with a time limit and captures its output.</summary>
internal static class ExternalProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var (exitCode, output, error) = await RunWithinAsync(fileName, arguments, workingDirectory, timeout);
        return exitCode is { } code
            ? (code, output, error)
            : throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}. Output so far:\n{output}\n{error}");
    }

    /// <summary>
    /// Runs the program; if it has not exited within <paramref name="timeout"/>, kills it and
    /// returns a null exit code with the output it printed until then.
    /// </summary>
    public static async Task<(int? ExitCode, string Output, string Error)> RunWithinAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit(); // drains the redirected streams
        return (timedOut ? null : process.ExitCode, output.ToString(), error.ToString());
    }
}
