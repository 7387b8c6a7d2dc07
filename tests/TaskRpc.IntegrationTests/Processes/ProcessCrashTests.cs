using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Contracts.V1;
using Xunit.Abstractions;

namespace TaskRpc.IntegrationTests.Processes;

[Collection(ProcessPoolSerial.Name)]
public sealed class ProcessCrashTests(ITestOutputHelper output)
{
    /// <summary>256 MiB: demo.crash oom hits it quickly and never strains the machine.</summary>
    private const string HeapLimit = "--Engine:Processes:WorkerHeapHardLimitBytes=268435456";

    [Theory]
    [InlineData("""{"mode": "exit", "exit_code": 42}""", "exited with code 42")]
    [InlineData("""{"mode": "failfast"}""", "killed by signal SIGABRT (exit code 134)")]
    [InlineData("""{"mode": "oom"}""", "killed by signal SIGABRT (exit code 134)")]
    public async Task Submit_CrashingWorker_FailsAbortedNamingTheExitAndThePoolHeals(string args, string expected)
    {
        await using var server = await PoolServer.StartAsync(HeapLimit);
        var before = server.Workers();

        var done = await server.Client.RunAsync("demo.crash", args);

        output.WriteLine(CpuJobs.Describe(done));
        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal("ABORTED", done.Error.Code);
        Assert.Contains(expected, done.Error.Message, StringComparison.Ordinal);
        await server.WaitForWorkersAsync(2);
        Assert.Single(server.Workers().Except(before));
        await CpuJobs.RunAsync(server.Client);
    }

    [Fact]
    public async Task Submit_WorkerKilledBySigkillMidJob_FailsNamingSigkillAndOtherJobsAreUnaffected()
    {
        await using var server = await PoolServer.StartAsync();
        var victim = await CpuJobs.StartAsync(server.Client, "demo.cpu", CpuJobs.Endless);
        var idlePid = await CpuJobs.RunAsync(server.Client); // Runs on the other, idle worker.
        var victimPid = Assert.Single(server.Workers(), pid => pid != idlePid);
        var bystander = await CpuJobs.StartAsync(server.Client, "demo.cpu", """{"n": 100000000}""");

        // What the kernel's OOM killer does to a process: SIGKILL.
        await ProcessTable.SignalAsync("KILL", victimPid);

        var done = await server.Client.AwaitAsync(victim.Id);
        var finished = await server.Client.AwaitAsync(bystander.Id);

        output.WriteLine(CpuJobs.Describe(done));
        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal("ABORTED", done.Error.Code);
        Assert.Contains($"Worker process {victimPid} killed by signal SIGKILL (exit code 137)", done.Error.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, finished.State);
        Assert.Equal(idlePid, CpuJobs.Result(finished).GetProperty("pid").GetInt32());
        await server.WaitForWorkersAsync(2);
    }

    [Fact]
    public async Task Submit_CrashWithRetryPolicy_IsRetriedOnAFreshWorkerThenFails()
    {
        await using var server = await PoolServer.StartAsync();

        var done = await server.Client.RunAsync("demo.crash", """{"mode": "exit"}""", r => r.Retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = Infrastructure.Durations.Ms(10) });

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(2, done.Attempt);
        Assert.Contains("exited with code 3", done.Error.Message, StringComparison.Ordinal);
        await server.WaitForWorkersAsync(2);
    }
}
