using System.Diagnostics;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Gather and Wait across many jobs, as asyncio.gather and asyncio.wait.</summary>
public sealed class WaitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Long = """{"seconds": 30}""";
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task Await_GatherOfThreeJobs_ReturnsResultsInSubmissionOrder()
    {
        // The first runs longest, so the jobs end in the reverse of the order they are gathered in.
        double[] seconds = [0.3, 0.2, 0.1];
        var jobs = await Task.WhenAll(seconds.Select(s => _client.SubmitAsync("demo.sleep", $$"""{"seconds": {{s}}}""")));

        var results = await Task.WhenAll(jobs.Select(j => _client.AwaitAsync(j.Id)));

        Assert.All(results, job => Assert.Equal(JobState.Succeeded, job.State));
        Assert.Equal(seconds, results.Select(job => JsonPayload.ResultOf(job).GetProperty("slept").GetDouble()));
    }

    [Fact]
    public async Task Wait_FirstCompleted_ReturnsShortJobDoneAndLongJobPending()
    {
        var shortJob = await _client.SubmitAsync("demo.sleep", """{"seconds": 0.1}""");
        var longJob = await _client.SubmitAsync("demo.sleep", Long);
        try
        {
            var clock = Stopwatch.StartNew();
            var response = await _client.WaitAsync([longJob.Id, shortJob.Id], ReturnWhen.FirstCompleted, TimeSpan.FromSeconds(10));

            Assert.Equal(shortJob.Id, Assert.Single(response.Done).Id);
            Assert.Equal(longJob.Id, Assert.Single(response.Pending).Id);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Wait returned after {clock.Elapsed}, not when the first job ended.");
        }
        finally
        {
            await _client.CancelAsync(longJob.Id);
        }
    }

    [Fact]
    public async Task Wait_FirstException_ReturnsWhenAJobFails()
    {
        var longJob = await _client.SubmitAsync("demo.sleep", Long);
        var failing = await _client.SubmitAsync("demo.fail", """{"message": "early"}""");
        try
        {
            var response = await _client.WaitAsync([longJob.Id, failing.Id], ReturnWhen.FirstException, TimeSpan.FromSeconds(10));

            var failed = Assert.Single(response.Done);
            Assert.Equal(failing.Id, failed.Id);
            Assert.Equal(JobState.Failed, failed.State);
            Assert.Equal(longJob.Id, Assert.Single(response.Pending).Id);
        }
        finally
        {
            await _client.CancelAsync(longJob.Id);
        }
    }

    [Fact]
    public async Task Wait_FirstExceptionWithoutFailure_ReturnsWhenAllEnd()
    {
        var jobs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => _client.SubmitAsync("demo.sleep", $$"""{"seconds": {{0.1 * i}}}""")));

        var response = await _client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.FirstException);

        Assert.Equal(jobs.Select(j => j.Id), response.Done.Select(j => j.Id));
        Assert.Empty(response.Pending);
    }

    [Fact]
    public async Task Wait_AllCompleted_ReturnsEveryJobDoneInRequestOrder()
    {
        var jobs = new List<Job>
        {
            await _client.SubmitAsync("demo.sleep", """{"seconds": 0.2}"""),
            await _client.SubmitAsync("demo.fail", """{"message": "x"}"""),
            await _client.SubmitAsync("demo.echo", "{}"),
        };

        var response = await _client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.AllCompleted, TimeSpan.FromSeconds(10));

        Assert.Equal(jobs.Select(j => j.Id), response.Done.Select(j => j.Id));
        Assert.Equal([JobState.Succeeded, JobState.Failed, JobState.Succeeded], response.Done.Select(j => j.State));
        Assert.Empty(response.Pending);
    }

    [Fact]
    public async Task Wait_DuplicateIds_AreIgnored()
    {
        var job = await _client.RunAsync("demo.echo", "{}");

        var response = await _client.WaitAsync([job.Id, job.Id], ReturnWhen.AllCompleted);

        Assert.Equal(job.Id, Assert.Single(response.Done).Id);
    }

    [Fact]
    public async Task Wait_TimeoutWithNothingFinished_ReturnsAllPending()
    {
        var jobs = await Task.WhenAll(_client.SubmitAsync("demo.sleep", Long), _client.SubmitAsync("demo.sleep", Long));
        try
        {
            var response = await _client.WaitAsync(jobs.Select(j => j.Id), ReturnWhen.FirstCompleted, TimeSpan.FromMilliseconds(200));

            Assert.Empty(response.Done);
            Assert.Equal(jobs.Select(j => j.Id), response.Pending.Select(j => j.Id));
        }
        finally
        {
            await _client.CancelAllAsync(jobs.Select(j => j.Id));
        }
    }
}
