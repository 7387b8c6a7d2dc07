using System.Globalization;
using TaskRpc.Tests.Shared;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>The live processes as /proc shows them (zombies count as gone: they have exited).</summary>
internal static class ProcessTable
{
    /// <summary>The live children of <paramref name="parentPid"/>.</summary>
    public static List<int> ChildrenOf(int parentPid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat && stat.ParentPid == parentPid && stat.State is not ('Z' or 'X'))
            {
                children.Add(pid);
            }
        }

        children.Sort();
        return children;
    }

    public static bool IsAlive(int pid) => Stat(pid) is { State: not ('Z' or 'X') };

    /// <summary>Whether <paramref name="pid"/> is a live TaskRpc process-pool worker (not a reused pid).</summary>
    public static bool IsWorker(int pid) => IsAlive(pid) && CommandLine(pid).Contains("\0--worker", StringComparison.Ordinal);

    /// <summary>The CPU time (user and system) the process has used; zero once it is gone.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        // Fields 14 and 15 (utime, stime), in USER_HZ: 100 per second on Linux.
        return StatFields(pid) is { } fields
            ? TimeSpan.FromMilliseconds(10 * (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)))
            : TimeSpan.Zero;
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>STOP</c>, <c>KILL</c>, <c>TERM</c>) to <paramref name="pid"/> with kill(1).</summary>
    public static async Task SignalAsync(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The process's arguments, each followed by a NUL; empty once it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// The TCP ports <paramref name="pid"/> listens on: its socket descriptors matched against the
    /// listening sockets of /proc/PID/net/tcp and tcp6. Unlike a connect attempt, this cannot be
    /// fooled by another process that happens to listen on a port.
    /// </summary>
    public static SortedSet<int> ListeningPorts(int pid)
    {
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                continue; // Closed while we looked.
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                sockets.Add(target["socket:[".Length..^1]);
            }
        }

        var ports = new SortedSet<int>();
        foreach (var table in (string[])["tcp", "tcp6"])
        {
            // sl local_address rem_address st ... inode: st 0A is LISTEN, the address ends in :PORT in hex.
            foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] == "0A" && sockets.Contains(fields[9]))
                {
                    var local = fields[1];
                    ports.Add(int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return ports;
    }

    /// <summary>Polls the process table until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        Poll.UntilAsync(condition, timeout, TimeSpan.FromMilliseconds(50), what);

    private static (char State, int ParentPid)? Stat(int pid) =>
        StatFields(pid) is { } fields ? (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture)) : null;

    /// <summary>The fields of /proc/PID/stat from the third (state) on; null once the process is gone.</summary>
    private static string[]? StatFields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // pid (comm) state ppid ...; comm may hold spaces and parentheses, so split after the last ')'.
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }
}
