using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>A List page token is bound to its filter: reused with another one it is refused (AIP-158); the page size may change.</summary>
public sealed class ListPageTokenTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    public static TheoryData<string> Changes => ["state", "task", "label added", "label value", "label removed"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task List_PageTokenReusedWithAnotherFilter_IsInvalidArgument(string change)
    {
        var run = Guid.NewGuid().ToString("N");
        var first = await FirstPageAsync(run);
        var next = new ListJobsRequest { State = JobState.Succeeded, Task = "demo.echo", Labels = { ["run"] = run }, PageSize = 1, PageToken = first.NextPageToken };
        switch (change)
        {
            case "state": next.State = JobState.Failed; break;
            case "task": next.Task = "demo.fail"; break;
            case "label added": next.Labels.Add("team", "x"); break;
            case "label value": next.Labels["run"] = "another-" + run; break;
            default: next.Labels.Clear(); break;
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.ListAsync(next), "page_token", "filter");
    }

    [Fact]
    public async Task List_PageTokenWithTheSameFilterAndAnotherPageSize_ContinuesAfterThePreviousPage()
    {
        var run = Guid.NewGuid().ToString("N");
        var first = await FirstPageAsync(run);

        var rest = await _client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run }, State = JobState.Succeeded, Task = "demo.echo", PageSize = 10, PageToken = first.NextPageToken });

        Assert.Equal(2, rest.Jobs.Count);
        Assert.DoesNotContain(rest.Jobs, j => j.Id == first.Jobs[0].Id);
        Assert.Empty(rest.NextPageToken);
    }

    [Fact]
    public async Task List_PageTokenNotIssuedByTheServer_IsInvalidArgument()
    {
        var run = Guid.NewGuid().ToString("N");
        var first = await FirstPageAsync(run);
        var forged = first.NextPageToken[..^1] + (first.NextPageToken[^1] == 'A' ? 'B' : 'A');

        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument,
            () => _client.ListAsync(new ListJobsRequest { State = JobState.Succeeded, Task = "demo.echo", Labels = { ["run"] = run }, PageSize = 1, PageToken = forged }),
            "page_token");
    }

    private async Task<ListJobsResponse> FirstPageAsync(string run)
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.RunAsync("demo.echo", "{}", r => r.Labels.Add("run", run));
        }

        var first = await _client.ListAsync(new ListJobsRequest { State = JobState.Succeeded, Task = "demo.echo", Labels = { ["run"] = run }, PageSize = 1 });
        Assert.Single(first.Jobs);
        Assert.NotEmpty(first.NextPageToken);
        return first;
    }
}
