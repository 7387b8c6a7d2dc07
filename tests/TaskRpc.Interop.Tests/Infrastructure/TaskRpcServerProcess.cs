using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>
/// The built server (<c>dotnet TaskRpc.Server.dll</c>, demo tasks on, memory store) run as a child
/// process on a port it picks itself (<c>--port 0</c>), ready once it logs the address it listens
/// on. Disposing it kills the server and any worker processes it started.
/// </summary>
internal sealed partial class TaskRpcServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TaskRpcServerProcess(Process process) => _process = process;

    /// <summary>The loopback port the server listens on (h2c).</summary>
    public int Port { get; private set; }

    /// <summary>What the server wrote to stdout and stderr so far (warnings and errors, start-up lines).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until it listens.</summary>
    public static async Task<TaskRpcServerProcess> StartAsync()
    {
        // The dotnet host that runs the tests (set by `dotnet test`), else the one on the PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "TaskRpc.Server.dll"),
            "--host", "127.0.0.1", "--port", "0", "--http-port", "-1", "--store", "memory",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new TaskRpcServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Exited += (_, _) => server._listening.TrySetException(
            new InvalidOperationException($"The server exited before it listened:{Environment.NewLine}{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.Port = await server._listening.Task.WaitAsync(StartTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: https?://[^\s:]+:(\d+)")]
    private static partial Regex ListeningLine();

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
