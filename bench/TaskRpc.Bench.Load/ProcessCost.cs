namespace TaskRpc.Bench.Load;

/// <summary>
/// What this process (the load generator) has spent so far: CPU time (user + system, all threads)
/// and bytes allocated (all threads). The difference of two samples taken at the ends of a measured
/// window, divided by the calls made in it, is the load generator's cost per call: on a machine that
/// the server and the load generator share, CPU per call is what decides how many calls the cores allow.
/// </summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long AllocatedBytes)
{
    public static ProcessCost Now() => new(Environment.CpuUsage.TotalTime, GC.GetTotalAllocatedBytes(precise: false));

    /// <summary>What was spent between <paramref name="start"/> and this sample.</summary>
    public ProcessCost Since(ProcessCost start) => new(Cpu - start.Cpu, AllocatedBytes - start.AllocatedBytes);

    /// <summary>The fields of a JSON result: CPU µs and bytes per call, for <paramref name="calls"/> calls (none: nothing).</summary>
    public IEnumerable<KeyValuePair<string, object>> PerCall(long calls)
    {
        if (calls <= 0)
        {
            yield break;
        }

        yield return new("client_cpu_us_per_job", Math.Round(Cpu.TotalMicroseconds / calls, 1));
        yield return new("client_bytes_per_job", AllocatedBytes / calls);
    }
}
