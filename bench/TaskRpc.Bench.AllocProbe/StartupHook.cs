using System.Diagnostics.Metrics;
using System.Globalization;

/// <summary>
/// Loaded by the runtime before Main when DOTNET_STARTUP_HOOKS names this assembly, and active only
/// when TASKRPC_ALLOC_PROBE names an output file ("%p" in it becomes the process id, so that
/// child processes which inherit the variable, such as process-pool workers, write their own): every TASKRPC_ALLOC_PROBE_MS (default 100) ms it
/// appends one line "unix_seconds allocated_bytes cpu_seconds jobs_submitted", where
/// allocated_bytes is GC.GetTotalAllocatedBytes(precise: true), cpu_seconds the process's user +
/// system time, and jobs_submitted the sum of the TaskRpc.Engine meter's taskrpc.jobs.submitted
/// counter (0 in a process without the engine). Two lines give bytes and CPU per job over any
/// window, for any build of the server, the old and the new alike.
/// </summary>
internal static class StartupHook
{
    private static long s_jobs;

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("TASKRPC_ALLOC_PROBE");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        path = path.Replace("%p", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var interval = int.TryParse(Environment.GetEnvironmentVariable("TASKRPC_ALLOC_PROBE_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 100;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument is { Name: "taskrpc.jobs.submitted", Meter.Name: "TaskRpc.Engine" })
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref s_jobs, value));
        listener.Start();
        var thread = new Thread(() => Sample(path, interval)) { IsBackground = true, Name = "alloc-probe" };
        thread.Start();
    }

    private static void Sample(string path, int intervalMs)
    {
        using var writer = new StreamWriter(path, append: true) { AutoFlush = true };
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{now:F3} {GC.GetTotalAllocatedBytes(precise: true)} {Environment.CpuUsage.TotalTime.TotalSeconds:F4} {Interlocked.Read(ref s_jobs)}"));
            Thread.Sleep(intervalMs);
        }
    }
}
