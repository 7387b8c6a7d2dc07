using System.Globalization;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>The external client programs, and how one run of each is started.</summary>
public static class ExternalClients
{
    /// <summary>grpcio's blocking API: tests/interop/python/service_cases.py --api sync.</summary>
    public const string PythonSync = "python-sync";

    /// <summary>grpc.aio: tests/interop/python/service_cases.py --api aio.</summary>
    public const string PythonAio = "python-aio";

    /// <summary>@grpc/grpc-js: tests/interop/node/service_cases.js.</summary>
    public const string Node = "node";

    /// <summary>The asyncio scenarios: tests/interop/python/test_taskrpc_asyncio.py.</summary>
    public const string PythonAsyncioScenarios = "python-asyncio-scenarios";

    /// <summary>The clients that run the shared case list (<see cref="ServiceCases"/>).</summary>
    public static IReadOnlyList<string> ServiceCaseClients { get; } = [PythonSync, PythonAio, Node];

    private static readonly TimeSpan RunTimeLimit = TimeSpan.FromMinutes(3);

    /// <summary>Runs <paramref name="client"/> once with every case (or as <paramref name="extra"/> says, e.g. <c>--case a,b --api-key K</c>) against the server on <paramref name="port"/>.</summary>
    internal static async Task<ClientRun> RunAsync(string client, int port, params string[] extra)
    {
        string[] target = ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), .. extra];
        (string Program, string[] Arguments, string Directory) start = client switch
        {
            PythonSync or PythonAio => ("/usr/bin/python3", ["service_cases.py", .. target, "--api", client[7..]], RepositoryPaths.PythonInterop),
            Node => ("node", ["service_cases.js", .. target], RepositoryPaths.NodeInterop),
            PythonAsyncioScenarios => ("/usr/bin/python3", ["test_taskrpc_asyncio.py", .. target, "--case", "all"], RepositoryPaths.PythonInterop),
            _ => throw new ArgumentOutOfRangeException(nameof(client), client, "Unknown external client."),
        };
        await InteropPrerequisites.EnsureAsync(client == Node ? "node" : "python");
        var (exitCode, output, error) = await ExternalProcess.RunWithinAsync(start.Program, start.Arguments, start.Directory, RunTimeLimit);
        return ClientRun.Parse(client, exitCode, output, error);
    }
}
