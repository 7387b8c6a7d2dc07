using System.Diagnostics;
using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>
/// Runs tests/interop/python/interop_server.py (Python grpcio, /usr/bin/python3) once per test
/// class: generates its stubs, starts it on a free port and waits for its READY line.
/// </summary>
public sealed class GrpcioServerFixture : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;

    /// <summary>The server address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var directory = RepositoryPaths.PythonInterop;
        using var timeout = new CancellationTokenSource(StartTimeout);
        await InteropPrerequisites.EnsureAsync("python").WaitAsync(timeout.Token);

        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("/usr/bin/python3")
            {
                ArgumentList = { "-u", Path.Combine(directory, "interop_server.py"), "--port", "0" },
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("READY ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(6), out var port))
            {
                ready.TrySetResult(port);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"interop_server.py exited early: {output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var listening = await ready.Task.WaitAsync(timeout.Token);
        Address = $"http://127.0.0.1:{listening}";
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Dispose() => _process?.Dispose();
}
