using System.Diagnostics;
using System.Reflection;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>Runs the built taskrpc CLI (taskrpc.dll beside the tests) as a child process, its stdout and stderr redirected (pipes, not a terminal).</summary>
public static class CliProcess
{
    /// <summary>The path of taskrpc.dll, in the CLI project's build output (recorded by the test project at build time).</summary>
    public static string DllPath { get; } = typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TaskRpcCliDll").Value!;

    /// <summary>Runs <c>taskrpc ARGS</c> with TASKRPC_ADDRESS set to <paramref name="address"/> (when given) and NO_COLOR=1, and returns how it ended.</summary>
    public static Task<CliResult> RunAsync(Uri? address, params string[] args) =>
        RunAsync(address, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, args);

    /// <summary>Runs <c>taskrpc ARGS</c> with TASKRPC_ADDRESS set and <paramref name="environment"/> (a null value removes the variable).</summary>
    public static Task<CliResult> RunAsync(Uri? address, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = Start("dotnet", address, environment);
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return ExternalCommand.RunAsync(start, "taskrpc " + string.Join(' ', args), ClientTestBase.Patience);
    }

    /// <summary>
    /// Runs a POSIX shell <paramref name="script"/> in which <c>taskrpc</c> is the built CLI, as a
    /// user's script would call it; NO_COLOR is not set, and the script's stdout is a pipe.
    /// </summary>
    public static Task<CliResult> RunShellAsync(Uri address, string script)
    {
        var start = Start("/bin/sh", address, new Dictionary<string, string?> { ["NO_COLOR"] = null });
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"taskrpc() {{ dotnet '{DllPath}' \"$@\"; }}\n{script}");
        return ExternalCommand.RunAsync(start, script, ClientTestBase.Patience);
    }

    private static ProcessStartInfo Start(string program, Uri? address, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["TASKRPC_ADDRESS"] = address?.ToString() ?? string.Empty;
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }
}
