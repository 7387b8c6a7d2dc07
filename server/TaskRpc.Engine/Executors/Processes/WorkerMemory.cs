using System.Globalization;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>Resident memory of a process, from <c>/proc/PID/statm</c> (Linux; elsewhere via <see cref="System.Diagnostics.Process"/>).</summary>
internal static class WorkerMemory
{
    public static long ResidentBytes(int pid)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var statm = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/statm");
                var fields = statm.Split(' ', 3);
                return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            }

            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.WorkingSet64;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException)
        {
            return 0; // The process is gone.
        }
    }
}
