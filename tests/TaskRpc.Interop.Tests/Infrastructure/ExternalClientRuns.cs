using System.Collections.Concurrent;
using System.Globalization;
using TaskRpc.InteropServer;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>
/// Starts our interop server once, runs each external interop client once with
/// <c>--case all</c>, and keeps every case's PASS or FAIL line for the per-case tests.
/// </summary>
public sealed class ExternalClientRuns : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Run>>> _runs = new(StringComparer.Ordinal);
    private InteropServerHost? _server;

    /// <summary>The port of the interop server.</summary>
    public int Port => _server?.Port ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The client's result line for <paramref name="caseName"/>, or an explanation.</summary>
    public async Task<string> ResultOfAsync(string client, string caseName)
    {
        var run = await RunOfAsync(client);
        return run.Results.TryGetValue(caseName, out var line) ? line : $"no result for {caseName}; client output:\n{run.Transcript}";
    }

    /// <summary>
    /// How the client's run ended: its exit code, or null if it was killed at the time limit
    /// (its per-case results are kept either way), with everything it printed.
    /// </summary>
    public async Task<(int? ExitCode, string Transcript)> EndingOfAsync(string client)
    {
        var run = await RunOfAsync(client);
        return (run.ExitCode, run.Transcript);
    }

    private Task<Run> RunOfAsync(string client) =>
        _runs.GetOrAdd(client, name => new Lazy<Task<Run>>(() => RunAsync(name))).Value;

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await InteropServerHost.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<Run> RunAsync(string client)
    {
        var port = _server!.Port.ToString(CultureInfo.InvariantCulture);
        var (program, arguments, directory) = client switch
        {
            "python-sync" or "python-aio" => ("/usr/bin/python3",
                new[] { "interop_client.py", "--host", "127.0.0.1", "--port", port, "--api", client[7..], "--case", "all" },
                RepositoryPaths.PythonInterop),
            "node" => ("node", new[] { "interop_client.js", "--host", "127.0.0.1", "--port", port, "--case", "all" }, RepositoryPaths.NodeInterop),
            _ => throw new ArgumentOutOfRangeException(nameof(client), client, "Unknown interop client."),
        };
        await InteropPrerequisites.EnsureAsync(client);
        var (exitCode, output, error) = await ExternalProcess.RunWithinAsync(program, arguments, directory, TimeSpan.FromMinutes(3));
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length >= 2 && parts[0] is "PASS" or "FAIL")
            {
                results[parts[1].TrimEnd(':')] = line;
            }
        }

        return new Run(results, exitCode, output + error);
    }

    private sealed record Run(Dictionary<string, string> Results, int? ExitCode, string Transcript);
}
