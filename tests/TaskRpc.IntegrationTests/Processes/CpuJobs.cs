using System.Text.Json;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Processes;

/// <summary>demo.cpu and demo.crash jobs through gRPC, and what their results say.</summary>
internal static class CpuJobs
{
    /// <summary>A demo.cpu job that runs until it is killed (it never looks at its token).</summary>
    public const string Endless = """{"n": 1000000000000, "ignore_cancel": true}""";

    /// <summary>Runs a short demo.cpu job to the end; asserts it succeeded and returns the worker pid that ran it.</summary>
    public static async Task<int> RunAsync(TaskRpcClient client, long n = 1000)
    {
        var job = await client.RunAsync("demo.cpu", $$"""{"n": {{n}}}""");
        Assert.True(job.State == JobState.Succeeded, $"demo.cpu ended {job.State}: {job.Error?.Message}");
        var result = JsonPayload.ResultOf(job);
        Assert.Equal(n, result.GetProperty("n").GetInt64());
        return result.GetProperty("pid").GetInt32();
    }

    /// <summary>
    /// A demo.cpu job that ignores its token and runs for 10 s or more, reporting progress every
    /// 1e8 steps (0.1 s to 1 s), so a test can wait until its handler really runs.
    /// </summary>
    public const string LongIgnoringCancel = """{"n": 10000000000, "ignore_cancel": true}""";

    /// <summary>
    /// Submits a job and waits for its first progress report: its handler runs in a worker. (RUNNING
    /// alone does not say so: a run is still on its way to its worker, or waits in its queue, and a
    /// cancel that comes first ends it there without a kill.)
    /// </summary>
    public static async Task<Job> StartReportingAsync(TaskRpcClient client, string task, string args)
    {
        var job = await client.SubmitAsync(task, args);
        await client.WaitForEventAsync(job.Id, e => e.Progress is not null, "a progress report");
        return job;
    }

    /// <summary>Submits a job and waits until it runs (a real state event, not a guess).</summary>
    public static async Task<Job> StartAsync(TaskRpcClient client, string task, string args, Action<SubmitRequest>? configure = null)
    {
        var job = await client.SubmitAsync(task, args, configure);
        await client.WaitForStateAsync(job.Id, JobState.Running);
        return job;
    }

    public static string Describe(Job job) => $"{job.State} {job.Error?.Code}: {job.Error?.Message}";

    public static JsonElement Result(Job job) => JsonPayload.ResultOf(job);
}
