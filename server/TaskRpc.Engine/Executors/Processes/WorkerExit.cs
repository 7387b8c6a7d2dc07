namespace TaskRpc.Engine.Executors.Processes;

/// <summary>Describes how a worker process ended, from its exit code (128 + N for signal N on Linux).</summary>
internal static class WorkerExit
{
    public static string Describe(int exitCode) => exitCode switch
    {
        > 128 and < 160 when SignalName(exitCode - 128) is { } signal => $"killed by signal {signal} (exit code {exitCode}){Hint(exitCode - 128)}",
        _ => $"exited with code {exitCode}",
    };

    private static string? SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => $"{signal}",
    };

    private static string Hint(int signal) => signal switch
    {
        6 => ": aborted, e.g. Environment.FailFast or a fatal runtime error such as running out of memory",
        9 => ": e.g. the kernel's OOM killer or kill -9",
        11 => ": a segmentation fault",
        _ => string.Empty,
    };
}
