using System.Globalization;

namespace TaskRpc.Bench.Load;

/// <summary>Reads the server process's memory from /proc/&lt;pid&gt;/status.</summary>
internal static class ServerProcess
{
    /// <summary>VmRSS of the process in bytes, or -1 when unknown.</summary>
    public static long ResidentBytes(int pid)
    {
        if (pid <= 0)
        {
            return -1;
        }

        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
