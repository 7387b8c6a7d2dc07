using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TaskRpc.Grpc;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Server;

namespace TaskRpc.IntegrationTests.Processes;

/// <summary>
/// The built TaskRpc server started as a child process (<c>dotnet TaskRpc.Server.dll</c>, in-memory
/// store, a pool of 2 workers unless told otherwise), so its process pool starts real workers of
/// its own executable. Disposing it kills the server and every worker it was seen with.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HashSet<int> _seenWorkers = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"));
        Client = new TaskRpcClient(Channel);
    }

    public int Pid => _process.Id;

    public GrpcChannel Channel { get; }

    public TaskRpcClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a server and waits until it (and its pool) has started.</summary>
    public static async Task<ServerProcess> StartAsync(params string[] args)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        string[] all = [typeof(TaskRpcProgram).Assembly.Location, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory", "--Engine:Processes:Size=2", .. args];
        foreach (var arg in all)
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(info)!, port);
        server._process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                server._started.TrySetResult();
            }
        };
        server._process.ErrorDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(server._started.Task, server._process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.False(server._process.HasExited, "The server exited while starting.");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
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

    /// <summary>kill -9 the server.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM the server (a graceful stop) and wait for it to exit.</summary>
    public async Task StopGracefullyAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
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

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
