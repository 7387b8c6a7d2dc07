using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>scripts/cluster.sh as a user runs it: PostgreSQL and two nodes come up, serve any job from either node, and all stop on SIGTERM.</summary>
[Collection(ClusterSerial.Name)]
public sealed class ClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartGuard = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ClusterScript_TwoNodes_ServeAcrossNodesAndStopOnSigterm()
    {
        var script = FindScript();
        var ready = Path.Combine(Path.GetTempPath(), $"taskrpc-cluster-ready-{Guid.NewGuid():N}");
        var basePort = FreeConsecutivePorts();
        var info = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.Environment["NODES"] = "2";
        info.Environment["BASE_PORT"] = basePort.ToString(CultureInfo.InvariantCulture);
        info.Environment["PG_PORT"] = FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["READY_FILE"] = ready;
        info.Environment["HTTP_BASE_PORT"] = "0";
        info.Environment["NO_BUILD"] = "1"; // The test's build built the server.
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await ProcessTable.WaitUntilAsync(() => File.Exists(ready) || process.HasExited, StartGuard, "the cluster script reports its nodes ready");
            Assert.False(process.HasExited, await stderr);
            var addresses = await File.ReadAllLinesAsync(ready);
            Assert.Equal(2, addresses.Length);
            using var first = GrpcChannel.ForAddress(new Uri($"http://{addresses[0]}"));
            using var second = GrpcChannel.ForAddress(new Uri($"http://{addresses[1]}"));

            var job = await new TaskRpcClient(first).SubmitAsync("demo.echo", """{"via": "script"}""");
            var done = await new TaskRpcClient(second).AwaitAsync(job.Id);

            Assert.Equal(JobState.Succeeded, done.State);
            await ProcessTable.SignalAsync("TERM", process.Id);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            output.WriteLine(await stderr);
            Assert.Equal(143, process.ExitCode);
            Assert.All(addresses, address => Assert.False(Listening(address), $"{address} still listens after the script stopped."));
        }
        finally
        {
            if (!process.HasExited)
            {
                // Let the script stop what it started (PostgreSQL runs detached from it), then make sure.
                await ProcessTable.SignalAsync("TERM", process.Id);
                using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                try
                {
                    await process.WaitForExitAsync(guard.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            File.Delete(ready);
        }
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "scripts", "cluster.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("scripts/cluster.sh not found above the test's folder.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeConsecutivePorts()
    {
        while (true)
        {
            var port = FreePort();
            if (port < IPEndPoint.MaxPort && !Listening($"127.0.0.1:{port + 1}"))
            {
                return port;
            }
        }
    }

    private static bool Listening(string address)
    {
        var parts = address.Split(':');
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Parse(parts[0]), int.Parse(parts[1], CultureInfo.InvariantCulture));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
