using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Health.V1;
using Grpc.Core;
using Grpc.Net.Client;
using TaskRpc.Server;
using TaskRpc.Tests.Shared;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>
/// The built server (<c>dotnet TaskRpc.Server.dll</c>) run as a child process on a free port,
/// ready once it has started and answers SERVING; so its process pool starts real workers of its
/// own executable, and a kill is a real crash. Disposing it kills the server and every worker it
/// was seen with.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The dotnet host that runs the tests, to start the server (or its workers) with.</summary>
    public static readonly string DotnetHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HashSet<int> _seenWorkers = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, int port, int httpPort)
    {
        _process = process;
        Port = port;
        HttpPort = httpPort;
        Channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"));
        Client = new TaskRpcClient(Channel);
    }

    public int Port { get; }

    /// <summary>The HTTP port (<c>/healthz</c>, <c>/metrics</c>, <c>/dashboard</c>), unless the test's args set another.</summary>
    public int HttpPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>
    /// Starts the server with <paramref name="args"/> (after <c>--port</c>) and waits until it serves.
    /// The ports are free when picked, but another process may bind one before the server does: a
    /// start that fails for that alone is tried again on new ports (up to three starts).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(params string[] args)
    {
        for (var start = 1; ; start++)
        {
            var server = Launch(args);
            try
            {
                await server._started.Task.WaitAsync(StartTimeout);
                var health = await server.Client.CheckHealthAsync("taskrpc.v1.TaskService");
                Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
                return server;
            }
            catch (InvalidOperationException) when (start < 3 && server.HasExited)
            {
                await server._process.WaitForExitAsync(); // And for the rest of its output.
                var portTaken = server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
                await server.DisposeAsync();
                if (!portTaken)
                {
                    throw;
                }
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the server and waits for it to exit by itself (a start-up failure).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        await using var server = Launch(args);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await server._process.WaitForExitAsync(timeout.Token);
        return (server._process.ExitCode, server.Output);
    }

    /// <summary>The server's live worker processes (remembered, so disposal kills them too).</summary>
    public List<int> Workers()
    {
        var workers = ProcessTable.ChildrenOf(Pid);
        lock (_seenWorkers)
        {
            _seenWorkers.UnionWith(workers);
        }

        return workers;
    }

    /// <summary>Waits until the server has exactly <paramref name="count"/> workers.</summary>
    public Task WaitForWorkersAsync(int count) =>
        ProcessTable.WaitUntilAsync(() => Workers().Count == count, TimeSpan.FromSeconds(30), $"server {Pid} has {count} workers");

    /// <summary>SIGKILL of the server alone: no shutdown code runs; its workers must notice by themselves.</summary>
    public void Kill() => _process.Kill();

    /// <summary><see cref="Kill"/>, then waits for the server to be gone.</summary>
    public async Task KillAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGTERM (a graceful stop), then waits for the server to exit.</summary>
    public async Task StopGracefullyAsync()
    {
        await ProcessTable.SignalAsync("TERM", Pid);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            Workers();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        KillSeenWorkers();
        _process.Dispose();
    }

    private static ServerProcess Launch(string[] args)
    {
        var port = LoopbackPorts.Free();
        var httpPort = LoopbackPorts.Free();
        var info = new ProcessStartInfo(DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        string[] all =
        [
            typeof(TaskRpcProgram).Assembly.Location,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--http-port", httpPort.ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. args,
        ];
        foreach (var arg in all)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, port, httpPort);
        process.Exited += (_, _) => server._started.TrySetException(
            new InvalidOperationException($"The server exited before it started:{Environment.NewLine}{server.Output}"));
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
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

    private void KillSeenWorkers()
    {
        lock (_seenWorkers)
        {
            foreach (var pid in _seenWorkers.Where(ProcessTable.IsWorker))
            {
                try
                {
                    using var worker = Process.GetProcessById(pid);
                    worker.Kill();
                }
                catch (ArgumentException)
                {
                    // Gone meanwhile.
                }
            }
        }
    }
}
