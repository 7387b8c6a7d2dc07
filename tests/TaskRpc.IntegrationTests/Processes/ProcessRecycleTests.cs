using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.IntegrationTests.Processes;

[Collection(ProcessPoolSerial.Name)]
public sealed class ProcessRecycleTests
{
    [Fact]
    public async Task Run_MaxJobsPerWorker_ReplacesTheWorkerAfterThatManyJobsWithoutFailingAny()
    {
        await using var server = await PoolServer.StartAsync("--Engine:Processes:Size=1", "--Engine:Processes:MaxJobsPerWorker=2");

        var pids = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            pids.Add(await CpuJobs.RunAsync(server.Client));
        }

        Assert.Equal(3, pids.Distinct().Count());
        Assert.Equal([pids[0], pids[0], pids[2], pids[2], pids[4], pids[4]], pids);
        await server.WaitForWorkersAsync(1);
    }

    [Fact]
    public async Task Run_WorkerOverItsMemoryLimit_IsReplacedBetweenJobsWithoutFailingAny()
    {
        // 1 MiB: every worker is over it after its first job.
        await using var server = await PoolServer.StartAsync("--Engine:Processes:Size=1", "--Engine:Processes:MaxWorkerMemoryBytes=1048576");

        var pids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            pids.Add(await CpuJobs.RunAsync(server.Client));
        }

        Assert.Equal(3, pids.Distinct().Count());
        await server.WaitForWorkersAsync(1);
    }

    [Fact]
    public async Task Submit_ManyJobsWhileRecycling_AllSucceed()
    {
        await using var server = await PoolServer.StartAsync("--Engine:Processes:MaxJobsPerWorker=5");

        var jobs = new List<Job>();
        for (var i = 0; i < 40; i++)
        {
            jobs.Add(await server.Client.SubmitAsync("demo.cpu", """{"n": 1000}"""));
        }

        // A bound, not a synchronisation: 8 worker start-ups on a loaded 2-core machine take a while.
        var done = await server.Client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.AllCompleted, TimeSpan.FromSeconds(120));

        Assert.Empty(done.Pending);
        Assert.All(done.Done, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(40, done.Done.Count);
        var perWorker = done.Done.GroupBy(j => CpuJobs.Result(j).GetProperty("pid").GetInt32()).Select(g => g.Count()).ToList();
        // No worker ran more than its limit, so 40 jobs needed at least 8 of them; how the last
        // ones share the tail depends on which of the 2 live workers frees a slot first.
        Assert.True(perWorker.Count >= 8 && perWorker.All(count => count <= 5), $"jobs per worker: {string.Join(", ", perWorker)}");
    }
}
