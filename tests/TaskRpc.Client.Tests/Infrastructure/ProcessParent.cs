using System.Globalization;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>Reads a live process's parent from /proc (Linux).</summary>
public static class ProcessParent
{
    /// <summary>The parent process id of <paramref name="pid"/>, or null when no such process is running.</summary>
    public static int? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
