using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Server;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>
/// Starts the real TaskRpc server in this process (demo tasks included), generates the Python
/// stubs, runs tests/interop/python/test_taskrpc_asyncio.py once with <c>--case all</c> and keeps
/// every scenario's PASS or FAIL line for the per-scenario tests.
/// </summary>
public sealed class PythonAsyncioScenarioRuns : IAsyncLifetime
{
    private readonly Lazy<Task<ScenarioRun>> _run;
    private WebApplication? _server;
    private int _port;

    /// <summary>Creates the fixture; the script runs on first use.</summary>
    public PythonAsyncioScenarioRuns() => _run = new Lazy<Task<ScenarioRun>>(RunScriptAsync);

    /// <summary>The one run of the script, with <c>--case all</c>.</summary>
    public Task<ScenarioRun> RunAsync() => _run.Value;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = TaskRpcServer.Build(["--port", "0", "--store", "memory", "--Logging:LogLevel:Default", "Warning"]);
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    private async Task<ScenarioRun> RunScriptAsync()
    {
        await InteropPrerequisites.EnsureAsync("python");
        var port = _port.ToString(CultureInfo.InvariantCulture);
        var (exitCode, output, error) = await ExternalProcess.RunAsync(
            "/usr/bin/python3",
            ["test_taskrpc_asyncio.py", "--host", "127.0.0.1", "--port", port, "--case", "all"],
            RepositoryPaths.PythonInterop,
            TimeSpan.FromMinutes(2));
        return ScenarioRun.Parse(exitCode, output, error);
    }
}

/// <summary>One run of a script that prints <c>PASS name</c> or <c>FAIL name: reason</c> per scenario.</summary>
/// <param name="ExitCode">The script's exit code.</param>
/// <param name="Results">Each scenario's result line, by name.</param>
/// <param name="Transcript">Everything the script wrote, for failure messages.</param>
public sealed record ScenarioRun(int ExitCode, IReadOnlyDictionary<string, string> Results, string Transcript)
{
    /// <summary>The result line for <paramref name="name"/>, or an explanation with the transcript.</summary>
    public string ResultOf(string name) =>
        Results.TryGetValue(name, out var line) ? line : $"no result for {name}; script output:\n{Transcript}";

    /// <summary>Reads the PASS and FAIL lines of a run.</summary>
    public static ScenarioRun Parse(int exitCode, string output, string error)
    {
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length >= 2 && parts[0] is "PASS" or "FAIL")
            {
                results[parts[1].TrimEnd(':')] = line;
            }
        }

        return new ScenarioRun(exitCode, results, output + error);
    }
}
