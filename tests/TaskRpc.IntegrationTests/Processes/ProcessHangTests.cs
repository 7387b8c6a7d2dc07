using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TaskRpc.IntegrationTests.Processes;

/// <summary>A worker that stops answering (here: SIGSTOP) is killed as hung; a busy one is not.</summary>
[Collection(ProcessPoolSerial.Name)]
public sealed class ProcessHangTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(3);

    private static readonly string[] FastHeartbeats =
        ["--Engine:Processes:HeartbeatInterval=00:00:00.100", $"--Engine:Processes:HeartbeatTimeout={HeartbeatTimeout:c}"];

    [Fact]
    public async Task Submit_WorkerStoppedMidJob_FailsAbortedAsHungAndThePoolHeals()
    {
        await using var server = await PoolServer.StartAsync(FastHeartbeats);
        var victim = await CpuJobs.StartAsync(server.Client, "demo.cpu", CpuJobs.Endless);
        var idlePid = await CpuJobs.RunAsync(server.Client); // Runs on the other, idle worker.
        var victimPid = Assert.Single(server.Workers(), pid => pid != idlePid);

        // A stopped process is alive and keeps its pipes open, so only the missing heartbeats tell.
        await ProcessTable.SignalAsync("STOP", victimPid);
        var done = await server.Client.AwaitAsync(victim.Id);

        output.WriteLine(CpuJobs.Describe(done));
        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal("ABORTED", done.Error.Code);
        Assert.Contains($"Worker process {victimPid} killed by signal SIGKILL", done.Error.Message, StringComparison.Ordinal);
        Assert.Contains("sent nothing, not even a heartbeat", done.Error.Message, StringComparison.Ordinal);
        await ProcessTable.WaitUntilAsync(() => !ProcessTable.IsAlive(victimPid), TimeSpan.FromSeconds(30), $"the hung worker {victimPid} is gone");
        await server.WaitForWorkersAsync(2);
        Assert.DoesNotContain(victimPid, server.Workers());
        await CpuJobs.RunAsync(server.Client);
    }

    [Fact]
    public async Task Submit_CpuJobBusyTwiceTheHeartbeatTimeout_KeepsRunningOnItsWorker()
    {
        await using var server = await PoolServer.StartAsync(FastHeartbeats);
        var before = server.Workers();
        var job = await server.Client.SubmitAsync("demo.cpu", CpuJobs.LongIgnoringCancel);
        try
        {
            // It never looks at its token and reports progress every 1% (0.1 s to 1 s here); the
            // worker's heartbeats come from their own timer all the same.
            var running = await server.Client.WaitForEventAsync(job.Id, e => e.StateChange?.State == JobState.Running, "state RUNNING");
            var busyUntil = running.Time.ToDateTime() + (2 * HeartbeatTimeout);
            var late = await server.Client.WaitForEventAsync(
                job.Id, e => e.Progress is not null && e.Time.ToDateTime() >= busyUntil, $"progress after {busyUntil:O}");
            var now = await server.Client.GetAsync(job.Id);

            output.WriteLine($"progress {late.Progress.Fraction:P0} at {late.Time}, started {running.Time}");
            Assert.Equal(JobState.Running, now.State);
            Assert.Equal(1, now.Attempt);
            Assert.Equal(before, server.Workers());
        }
        finally
        {
            await server.Client.CancelAsync(job.Id);
        }
    }

    [Fact]
    public async Task Pool_ServerFrozenLongerThanTheHeartbeatTimeout_KeepsItsWorkers()
    {
        await using var server = await PoolServer.StartAsync(FastHeartbeats);
        var workers = server.Workers();
        var job = await CpuJobs.StartReportingAsync(server.Client, "demo.cpu", CpuJobs.LongIgnoringCancel);
        try
        {
            // Freeze the server while its workers go on: the busy one's CPU time shows how long.
            var cpu = workers.Sum(pid => ProcessTable.CpuTime(pid).TotalSeconds);
            await ProcessTable.SignalAsync("STOP", server.Pid);
            try
            {
                await ProcessTable.WaitUntilAsync(
                    () => workers.Sum(pid => ProcessTable.CpuTime(pid).TotalSeconds) - cpu > HeartbeatTimeout.TotalSeconds + 1,
                    TimeSpan.FromSeconds(60),
                    $"the workers ran {HeartbeatTimeout.TotalSeconds + 1} s of CPU while the server was stopped");
            }
            finally
            {
                await ProcessTable.SignalAsync("CONT", server.Pid);
            }

            // Heard from nobody for over the timeout, yet nobody was silent: the server was.
            // Progress reported well after the resume means the watchdog has ticked many times.
            var resumed = DateTime.UtcNow;
            var late = await server.Client.WaitForEventAsync(
                job.Id, e => e.Progress is not null && e.Time.ToDateTime() > resumed + TimeSpan.FromSeconds(1), "progress a second after the resume");
            var now = await server.Client.GetAsync(job.Id);

            output.WriteLine($"progress {late.Progress.Fraction:P0} at {late.Time}, resumed {resumed:O}");
            Assert.Equal(JobState.Running, now.State);
            Assert.Equal(1, now.Attempt);
            Assert.Equal(workers, server.Workers());
            Assert.DoesNotContain("silent for", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(CpuJobs.Describe(await server.Client.GetAsync(job.Id)));
            output.WriteLine(server.Output);
            await server.Client.CancelAsync(job.Id);
        }
    }

    [Fact]
    public async Task Pool_ReplacementWorkerNeverReady_IsKilledAfterStartTimeoutAndRestarted()
    {
        // The workers start through a shell that runs a real worker, unless the marker file exists:
        // then it becomes `sleep 3600`, a process that never says it is ready.
        var marker = Path.Combine(Path.GetTempPath(), $"taskrpc-never-ready-{Guid.NewGuid():N}");
        await using var server = await PoolServer.StartAsync(
        [
            "--Engine:Processes:Size=1", "--Engine:Processes:StartTimeout=00:00:02", .. FastHeartbeats,
            "--Engine:Processes:WorkerCommand=/bin/sh",
            "--Engine:Processes:WorkerArguments:0=-c",
            """--Engine:Processes:WorkerArguments:1=if [ -e "$0" ]; then exec sleep 3600; fi; exec "$@" """,
            $"--Engine:Processes:WorkerArguments:2={marker}",
            $"--Engine:Processes:WorkerArguments:3={ServerProcess.DotnetHost}",
            $"--Engine:Processes:WorkerArguments:4={typeof(TaskRpc.Server.TaskRpcProgram).Assembly.Location}",
            "--Engine:Processes:WorkerArguments:5=--worker",
        ]);
        try
        {
            await File.WriteAllTextAsync(marker, string.Empty);
            var crashed = await server.Client.RunAsync("demo.crash", """{"mode": "exit"}""");
            Assert.Equal(JobState.Failed, crashed.State);
            var hungPid = 0;
            await ProcessTable.WaitUntilAsync(
                () => (hungPid = server.Workers().Find(pid => ProcessTable.CommandLine(pid).StartsWith("sleep\0", StringComparison.Ordinal))) != 0,
                TimeSpan.FromSeconds(30),
                "the replacement worker is the one that never gets ready");

            var job = await server.Client.SubmitAsync("demo.cpu", """{"n": 1000}""");
            File.Delete(marker);
            var done = await server.Client.AwaitAsync(job.Id);

            output.WriteLine(CpuJobs.Describe(done));
            Assert.Equal(JobState.Succeeded, done.State);
            Assert.False(ProcessTable.IsAlive(hungPid), $"The never-ready worker {hungPid} is still alive.");
            Assert.Contains($"Worker {hungPid} silent for", server.Output, StringComparison.Ordinal);
            Assert.Contains("not ready within StartTimeout 00:00:02", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task Start_HeartbeatTimeoutNotLongerThanTheInterval_ExitsNamingTheOption()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(
            "--store", "memory", "--Engine:Processes:HeartbeatInterval=00:00:02", "--Engine:Processes:HeartbeatTimeout=00:00:01");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Processes.HeartbeatTimeout must be longer than Processes.HeartbeatInterval", output, StringComparison.Ordinal);
    }
}
