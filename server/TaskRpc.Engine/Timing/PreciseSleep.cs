using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TaskRpc.Engine.Timing;

/// <summary>
/// Blocks the calling thread for less than a millisecond, which the runtime's waits (whole
/// milliseconds) cannot: <c>nanosleep(2)</c> on Linux (a high-resolution kernel timer, typically
/// 50–100 µs late); elsewhere one millisecond (<see cref="Thread.Sleep(int)"/>).
/// </summary>
internal static class PreciseSleep
{
    /// <summary>Sleeps for at least <paramref name="stopwatchTicks"/> (<see cref="Stopwatch"/> ticks, under 1 ms).</summary>
    public static void For(long stopwatchTicks)
    {
        if (stopwatchTicks <= 0)
        {
            return;
        }

        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(1);
            return;
        }

        var nanoseconds = (long)Math.Ceiling(stopwatchTicks * (1e9 / Stopwatch.Frequency));
        var request = new Timespec { Seconds = (nint)(nanoseconds / 1_000_000_000), Nanoseconds = (nint)(nanoseconds % 1_000_000_000) };
        _ = NativeMethods.NanoSleep(ref request, IntPtr.Zero); // Interrupted by a signal: returns early; the caller re-checks the clock.
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "nanosleep")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int NanoSleep(ref Timespec request, IntPtr remaining);
    }
}
