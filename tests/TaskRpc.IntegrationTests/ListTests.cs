using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>List (filters and pages) and ListTasks.</summary>
public sealed class ListTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task List_FilteredByStateTaskAndLabelInPages_ReturnsEachMatchOnceNewestFirst()
    {
        var run = Guid.NewGuid().ToString("N");
        var echoes = new List<Job>();
        for (var i = 0; i < 5; i++)
        {
            echoes.Add(await _client.RunAsync("demo.echo", $$"""{"i": {{i}}}""", r => r.Labels.Add("run", run)));
        }

        await _client.RunAsync("demo.fail", "{}", r => r.Labels.Add("run", run));
        await _client.RunAsync("demo.echo", "{}", r => r.Labels.Add("run", "another-" + run));
        var request = new ListJobsRequest { State = JobState.Succeeded, Task = "demo.echo", Labels = { ["run"] = run }, PageSize = 2 };

        var pages = await ReadPagesAsync(request, afterFirstPage: () => _client.RunAsync("demo.echo", "{}", r => r.Labels.Add("run", run)));

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        var listed = pages.SelectMany(p => p).ToList();
        Assert.Equal(echoes.Select(j => j.Id).Reverse(), listed.Select(j => j.Id));
        Assert.All(listed, job => Assert.Equal(JobState.Succeeded, job.State));
    }

    [Fact]
    public async Task List_FilteredByState_ReturnsOnlyThatState()
    {
        var run = Guid.NewGuid().ToString("N");
        var failed = await _client.RunAsync("demo.fail", """{"message": "listed"}""", r => r.Labels.Add("run", run));
        await _client.RunAsync("demo.echo", "{}", r => r.Labels.Add("run", run));

        var response = await _client.ListAsync(new ListJobsRequest { State = JobState.Failed, Labels = { ["run"] = run } });

        Assert.Equal(failed.Id, Assert.Single(response.Jobs).Id);
        Assert.Empty(response.NextPageToken);
    }

    [Fact]
    public async Task List_SamePageTokenTwice_ReturnsTheSamePage()
    {
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            await _client.RunAsync("demo.echo", "{}", r => r.Labels.Add("run", run));
        }

        var first = await _client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run }, PageSize = 1 });
        var again = new ListJobsRequest { Labels = { ["run"] = run }, PageSize = 1, PageToken = first.NextPageToken };

        Assert.Equal(await _client.ListAsync(again), await _client.ListAsync(again));
    }

    [Fact]
    public async Task ListTasks_Always_ListsDemoTasksWithTheirExecutors()
    {
        var response = await _client.ListTasksAsync();

        var tasks = response.Tasks.ToDictionary(t => t.Name);
        Assert.Equal(Executor.Async, tasks["demo.echo"].Executor);
        Assert.Equal(Executor.Async, tasks["demo.sleep"].Executor);
        Assert.Equal(Executor.Threads, tasks["demo.blocking_sleep"].Executor);
        Assert.Equal(Executor.Async, tasks["demo.fail"].Executor);
        Assert.Equal(2, tasks["test.limited"].MaxConcurrency);
        Assert.Equal(1, tasks["test.serial"].MaxConcurrency);
        Assert.False(string.IsNullOrEmpty(tasks["demo.sleep"].ArgsDescription));
        Assert.Equal(response.Tasks.Select(t => t.Name).Order(StringComparer.Ordinal), response.Tasks.Select(t => t.Name));
    }

    /// <summary>Reads every page; <paramref name="afterFirstPage"/> runs between the first and the second.</summary>
    private async Task<List<List<Job>>> ReadPagesAsync(ListJobsRequest request, Func<Task> afterFirstPage)
    {
        var pages = new List<List<Job>>();
        while (true)
        {
            var response = await _client.ListAsync(request);
            pages.Add([.. response.Jobs]);
            Assert.True(pages.Count <= 100, "List never reached its last page.");
            if (response.NextPageToken.Length == 0)
            {
                return pages;
            }

            if (pages.Count == 1)
            {
                await afterFirstPage();
            }

            request = request.Clone();
            request.PageToken = response.NextPageToken;
        }
    }
}
