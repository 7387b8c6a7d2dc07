using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Health.V1;
using TaskRpc.Grpc;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Durability;

/// <summary>
/// The built server (TaskRpc.Server.dll, copied beside the tests) run as a child process on a
/// free port and a given database file; ready once it logs that it started and answers SERVING.
/// Kill ends it with SIGKILL: a crash, with no shutdown code run.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"));
        Client = new TaskRpcClient(Channel);
    }

    public int Port { get; }

    public GrpcChannel Channel { get; }

    public TaskRpcClient Client { get; }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
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

    /// <summary>Starts the server on <paramref name="databasePath"/> and waits until it serves.</summary>
    public static async Task<ServerProcess> StartAsync(string databasePath, params string[] extraArgs)
    {
        var server = Launch(databasePath, extraArgs);
        try
        {
            await server._started.Task.WaitAsync(StartTimeout);
            var health = await server.Client.CheckHealthAsync("taskrpc.v1.TaskService");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server and waits for it to exit by itself (a start-up failure); returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string databasePath)
    {
        await using var server = Launch(databasePath, []);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await server._process.WaitForExitAsync(timeout.Token);
        return (server._process.ExitCode, server.Output);
    }

    /// <summary>SIGKILL: the process dies at once, mid-write if it is writing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static ServerProcess Launch(string databasePath, string[] extraArgs)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "TaskRpc.Server.dll"),
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--db", databasePath,
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. extraArgs,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, port);
        process.Exited += (_, _) => server._started.TrySetException(new InvalidOperationException($"The server exited before it started:{Environment.NewLine}{server.Output}"));
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
