using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Many concurrent submissions from one client, and a task's own concurrency limit.</summary>
public sealed class FanOutTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task Submit_SemaphoreBoundedFanOutOf600_AllSucceed()
    {
        using var slots = new SemaphoreSlim(32);
        var jobs = await Task.WhenAll(Enumerable.Range(0, 600).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                return await _client.RunAsync("demo.echo", $$"""{"i": {{i}}}""");
            }
            finally
            {
                slots.Release();
            }
        }));

        Assert.All(jobs, job => Assert.Equal(JobState.Succeeded, job.State));
        Assert.Equal(Enumerable.Range(0, 600), jobs.Select(job => JsonPayload.ResultOf(job).GetProperty("i").GetInt32()));
        Assert.Equal(600, jobs.Select(job => job.Id).Distinct().Count());
    }

    [Fact]
    public async Task Submit_TaskWithMaxConcurrency2_NeverRunsMoreThanTwoAtOnce()
    {
        var jobs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.SubmitAsync("test.limited", """{"milliseconds": 100}""")));

        var response = await _client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.AllCompleted, TimeSpan.FromSeconds(20));

        Assert.All(response.Done, job => Assert.Equal(JobState.Succeeded, job.State));
        Assert.Equal(2, fixture.Server.Probe.Max);
    }
}
