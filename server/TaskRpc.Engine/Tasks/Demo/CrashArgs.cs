namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>Args of demo.crash.</summary>
/// <param name="Mode">exit, failfast or oom.</param>
/// <param name="ExitCode">The exit code of mode exit. Default 3.</param>
internal sealed record CrashArgs(CrashMode Mode, int ExitCode = 3);
