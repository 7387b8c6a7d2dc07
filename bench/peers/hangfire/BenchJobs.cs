namespace TaskRpc.Bench.Hangfire;

/// <summary>The jobs Hangfire runs: the peers of demo.echo (no-op) and demo.sleep (a 10 ms sleep on the worker's thread, as a synchronous Hangfire job does).</summary>
internal static class BenchJobs
{
    public static void Noop()
    {
        // Nothing: the cost measured is Hangfire's.
    }

    public static void Sleep(int milliseconds) => Thread.Sleep(milliseconds);
}
