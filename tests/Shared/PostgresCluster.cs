using System.Diagnostics;
using Npgsql;

namespace TaskRpc.Tests.Shared;

/// <summary>
/// A real PostgreSQL for the tests. <see cref="Shared"/> is one throw-away cluster per test
/// process (started on first use, stopped when the process exits), or the server that the
/// environment variable <c>TASKRPC_TEST_POSTGRES</c> names (a connection string whose user may
/// create databases). <see cref="StartPrivate"/> starts a cluster of a test's own, which it may
/// stop and start again (a database outage). A throw-away cluster is Debian's PostgreSQL
/// (<c>apt-get install postgresql</c>, or the binaries in <c>TASKRPC_PG_BIN</c>): initdb into a
/// temporary directory with trust authentication, the server on a free loopback port with its
/// unix socket in that directory and fsync as configured by default; as root both run as the
/// <c>postgres</c> user (initdb and pg_ctl refuse root). Tests get fresh databases from
/// <see cref="CreateDatabase"/>. Without PostgreSQL installed the tests fail, saying so.
/// </summary>
internal sealed class PostgresCluster : IDisposable
{
    private const string ServerVariable = "TASKRPC_TEST_POSTGRES";
    private const string BinVariable = "TASKRPC_PG_BIN";
    private const string DirectoryPrefix = "taskrpc-pg-";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<PostgresCluster> SharedCluster = new(CreateShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    private readonly string? _directory;
    private readonly string? _bin;
    private readonly string _adminConnectionString;
    private int _disposed;

    private PostgresCluster(string adminConnectionString, string? directory, string? bin, int port)
    {
        _adminConnectionString = adminConnectionString;
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    /// <summary>The cluster every test shares; databases from <see cref="CreateDatabase"/> keep tests apart.</summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    /// <summary>The TCP port on 127.0.0.1 (of a throw-away cluster; that of the server named by the environment otherwise).</summary>
    public int Port { get; }

    /// <summary>
    /// Starts a throw-away cluster of the caller's own (whatever <c>TASKRPC_TEST_POSTGRES</c>
    /// says), for tests that stop and restart the database. Dispose it to stop it and delete its files.
    /// </summary>
    public static PostgresCluster StartPrivate()
    {
        var bin = FindBinaries();
        DeleteStale();
        var directory = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        var port = LoopbackPorts.Free();
        var cluster = new PostgresCluster($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", directory, bin, port);
        try
        {
            if (IsRoot)
            {
                Run("chown", ["postgres:postgres", directory], asPostgres: false);
            }

            Run(Path.Combine(bin, "initdb"), ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync", "--no-locale", "-E", "UTF8"], asPostgres: IsRoot);
            File.AppendAllText(
                Path.Combine(cluster.DataDirectory, "postgresql.conf"),
                $"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{directory}'\nmax_connections = 300\n");
            cluster.Start();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"taskrpc_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        using var connection = new NpgsqlConnection(_adminConnectionString);
        connection.Open();
#pragma warning disable CA2100 // A generated identifier only.
        using (var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
#pragma warning restore CA2100
        {
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Starts the (stopped) throw-away cluster and waits until it accepts connections.</summary>
    public void Start() => PgCtl("start", "-w", "-t", "120", "-l", Path.Combine(OwnDirectory, "server.log"));

    /// <summary>Stops the throw-away cluster (fast shutdown: open connections are cut).</summary>
    public void Stop() => PgCtl("stop", "-w", "-m", "fast");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1 || _directory is null)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                PgCtl("stop", "-w", "-m", "immediate");
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string OwnDirectory => _directory ?? throw new InvalidOperationException($"The PostgreSQL server named by {ServerVariable} is not this test's to stop or start.");

    private string DataDirectory => Path.Combine(OwnDirectory, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private static PostgresCluster CreateShared()
    {
        var configured = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var builder = new NpgsqlConnectionStringBuilder(configured) { Pooling = false };
            return new PostgresCluster(builder.ConnectionString, null, null, builder.Port);
        }

        var cluster = StartPrivate();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    private void PgCtl(params string[] arguments) =>
        Run(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDirectory, .. arguments], asPostgres: IsRoot);

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable(BinVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"{BinVariable}={configured} has no initdb.");
        }

        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(path => (Path: Path.Combine(path, "bin"), Version: int.TryParse(Path.GetFileName(path), out var v) ? v : 0))
                .Where(entry => File.Exists(Path.Combine(entry.Path, "initdb")))
                .OrderByDescending(entry => entry.Version)
                .ToList()
            : [];
        return versions.Count > 0
            ? versions[0].Path
            : throw new InvalidOperationException(
                $"PostgreSQL is not installed: these tests need a real one. Install it (apt-get install -y postgresql; test.sh does), "
                + $"or point {BinVariable} at a directory with initdb and pg_ctl, or {ServerVariable} at a server (a connection string whose user may create databases).");
    }

    /// <summary>
    /// Deletes the directories of stopped clusters that earlier test processes left behind (a test
    /// host may be ended before its exit handler finished): no server running, untouched for ten minutes.
    /// </summary>
    private static void DeleteStale()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            try
            {
                if (!File.Exists(Path.Combine(directory, "data", "postmaster.pid"))
                    && Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-10))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (IOException)
            {
                // Another process is deleting it, or it is in use after all: leave it.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to delete.
            }
        }
    }

    private static void Run(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output.Result}{error.Result}");
        }
    }
}
