using System.Globalization;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>A process's resident memory, threads and open file descriptors, from /proc.</summary>
internal sealed record ProcessFootprint(long RssKiB, int Threads, int OpenFiles)
{
    public static ProcessFootprint Of(int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return new ProcessFootprint(rss, threads, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);
    }

    public override string ToString() => $"RSS {RssKiB / 1024} MiB, {Threads} threads, {OpenFiles} open files";
}
