using System.Diagnostics;
using System.Reflection;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>Runs the built taskrpc CLI (taskrpc.dll beside the tests) as a child process.</summary>
public static class CliProcess
{
    /// <summary>The path of taskrpc.dll, in the CLI project's build output (recorded by the test project at build time).</summary>
    public static string DllPath { get; } = typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TaskRpcCliDll").Value!;

    /// <summary>Runs <c>taskrpc ARGS</c> with TASKRPC_ADDRESS set to <paramref name="address"/> (when given) and returns how it ended.</summary>
    public static async Task<CliResult> RunAsync(Uri? address, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TASKRPC_ADDRESS"] = address?.ToString() ?? string.Empty;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ClientTestBase.Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"taskrpc {string.Join(' ', args)} did not exit within {ClientTestBase.Patience}.");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
