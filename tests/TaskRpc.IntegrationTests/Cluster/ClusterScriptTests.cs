using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Server;
using TaskRpc.Tests.Shared;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// scripts/cluster.sh as a new user runs it: PostgreSQL and two nodes; a job submitted on one node
/// is awaited on the other; a node that is killed leaves the other serving; SIGTERM to the script
/// (whose Ctrl-C trap shares its cleanup) stops the nodes and PostgreSQL and deletes the script's folder. Whatever happens, the
/// test then kills what the script started: its process tree, and a PostgreSQL left in its folder
/// (pg_ctl daemonizes it out of the tree). Needs PostgreSQL installed, as the other cluster tests.
/// </summary>
[Collection(ClusterSerial.Name)]
public sealed class ClusterScriptTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(3); // A hang guard: a loaded CI machine stops the nodes and PostgreSQL slowly.

    [Fact]
    public async Task ClusterScript_JobAcrossNodesThenTerminate_StopsNodesAndPostgresAndDeletesItsFolder()
    {
        var temp = Directory.CreateTempSubdirectory("taskrpc-cluster-script-");
        // PostgreSQL runs as the postgres user when the tests run as root: it must reach the script's folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(
                temp.FullName,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var ready = Path.Combine(temp.FullName, "ready");
        var basePort = LoopbackPorts.FreePair();
        var pgPort = LoopbackPorts.Free();
        var output = new StringBuilder();
        using var script = StartScript(temp.FullName, ready, basePort, pgPort, output);
        try
        {
            await ProcessTable.WaitUntilAsync(() => File.Exists(ready) || script.HasExited, StartTimeout, "the cluster is ready");
            Assert.False(script.HasExited, $"cluster.sh exited with {ExitCode(script)}:{Environment.NewLine}{Captured(output)}");
            var nodes = ProcessTable.ChildrenOf(script.Id).Where(pid => ProcessTable.CommandLine(pid).Contains("TaskRpc.Server.dll", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, nodes.Count);
            var addresses = File.ReadAllLines(ready).Where(line => line.Length > 0).ToList();
            Assert.Equal([$"127.0.0.1:{basePort}", $"127.0.0.1:{basePort + 1}"], addresses);

            using (var first = GrpcChannel.ForAddress($"http://{addresses[0]}"))
            using (var second = GrpcChannel.ForAddress($"http://{addresses[1]}"))
            {
                var submitted = await new TaskRpcClient(first).SubmitAsync("demo.sleep", """{"seconds": 0.2, "steps": 2}""");
                var done = await new TaskRpcClient(second).AwaitAsync(submitted.Id);
                Assert.Equal(JobState.Succeeded, done.State);

                // A node that dies leaves the cluster running: the other still serves.
                await ProcessTable.SignalAsync("KILL", nodes[0]);
                await ProcessTable.WaitUntilAsync(() => Captured(output).Contains("node1 (pid", StringComparison.Ordinal), StopTimeout, "cluster.sh reports node1's exit");
                Assert.False(script.HasExited, Captured(output));
                Assert.Equal(JobState.Succeeded, (await new TaskRpcClient(second).RunAsync("demo.echo", """{"x": 1}""")).State);
            }

            // SIGTERM, not SIGINT: a shell ignores SIGINT in its background jobs, and a non-interactive
            // shell cannot trap a signal ignored on entry, so under a CI runner that starts the suite in
            // the background the script never sees SIGINT. Its INT (Ctrl-C) and TERM traps share one cleanup.
            await ProcessTable.SignalAsync("TERM", script.Id);
            using (var stop = new CancellationTokenSource(StopTimeout))
            {
                try
                {
                    await script.WaitForExitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"cluster.sh did not exit within {StopTimeout} of SIGTERM:{Environment.NewLine}{Captured(output)}");
                }
            }

            Assert.Equal(143, script.ExitCode);
            Assert.All(nodes, pid => Assert.False(ProcessTable.IsAlive(pid), $"node {pid} outlived cluster.sh"));
            Assert.False(Listening(pgPort), "PostgreSQL still listens after cluster.sh stopped");
            Assert.Empty(Directory.GetDirectories(temp.FullName, "taskrpc-cluster.*"));
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
                await script.WaitForExitAsync();
            }

            StopLeftoverPostgres(temp.FullName);
            temp.Delete(recursive: true);
        }
    }

    private static Process StartScript(string temp, string ready, int basePort, int pgPort, StringBuilder output)
    {
        var info = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "cluster.sh"));
        info.Environment["NODES"] = "2";
        info.Environment["BASE_PORT"] = basePort.ToString(CultureInfo.InvariantCulture);
        info.Environment["PG_PORT"] = pgPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["HTTP_BASE_PORT"] = "0";
        info.Environment["READY_FILE"] = ready;
        info.Environment["SERVER_DLL"] = typeof(TaskRpcProgram).Assembly.Location;
        info.Environment["TMPDIR"] = temp;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The hang guard's second half: a PostgreSQL the script left running in its folder is stopped.</summary>
    private static void StopLeftoverPostgres(string temp)
    {
        foreach (var data in Directory.GetDirectories(temp, "taskrpc-cluster.*").Select(work => Path.Combine(work, "pg")))
        {
            if (!File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                continue;
            }

            var pgCtl = Directory.GetDirectories("/usr/lib/postgresql").Select(dir => Path.Combine(dir, "bin", "pg_ctl")).First(File.Exists);
            string[] stopArgs = ["-D", data, "-m", "immediate", "-w", "stop"];
            using var stop = Environment.UserName == "root"
                ? Process.Start("runuser", ["-u", "postgres", "--", pgCtl, .. stopArgs])
                : Process.Start(pgCtl, stopArgs);
            stop.WaitForExit(TimeSpan.FromSeconds(30));
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No scripts/cluster.sh above {AppContext.BaseDirectory}.");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Captured(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string ExitCode(Process process) => process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "(running)";

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
