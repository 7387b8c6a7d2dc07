using TaskRpc.Engine.Executors.Processes;

namespace TaskRpc.Engine.Tests.Processes;

public sealed class WorkerExitTests
{
    [Theory]
    [InlineData(3, "exited with code 3")]
    [InlineData(0, "exited with code 0")]
    [InlineData(134, "killed by signal SIGABRT (exit code 134)")]
    [InlineData(137, "killed by signal SIGKILL (exit code 137)")]
    [InlineData(139, "killed by signal SIGSEGV (exit code 139)")]
    public void Describe_ExitCode_NamesTheCodeOrSignal(int exitCode, string expected) =>
        Assert.StartsWith(expected, WorkerExit.Describe(exitCode), StringComparison.Ordinal);
}
