using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>
/// What the server accepts stays readable under its 4 MiB message limit: a result that would make
/// its job too big fails the job (RESOURCE_EXHAUSTED) instead, and List pages end early rather
/// than exceed the limit.
/// </summary>
public sealed class MessageSizeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int MiB = 1024 * 1024;
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task Submit_EchoOf3MiB_JobFailsResourceExhaustedAndStaysReadable()
    {
        var job = await _client.RunAsync("demo.echo", null, r => r.Args = BigString(3 * MiB));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("RESOURCE_EXHAUSTED", job.Error.Code);
        Assert.Contains("Engine:MaxJobSizeBytes", job.Error.Message, StringComparison.Ordinal);
        Assert.Null(job.Result);
        Assert.Equal(3 * MiB, job.Args.Json.StringValue.Length);
        Assert.Equal(JobState.Failed, (await _client.GetAsync(job.Id)).State);
        Assert.Equal(JobState.Failed, (await _client.AwaitAsync(job.Id)).State);
        Assert.Equal(job.Id, Assert.Single((await _client.WaitAsync([job.Id], ReturnWhen.AllCompleted)).Done).Id);
        Assert.Equal(JobState.Failed, (await _client.ReadEventsAsync(job.Id))[^1].StateChange.State);
    }

    [Fact]
    public async Task Submit_ArgsOverTheJobSizeLimit_IsInvalidArgument()
    {
        var run = Guid.NewGuid().ToString("N");

        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument,
            () => _client.SubmitAsync("demo.echo", null, r => { r.Args = BigString((4 * MiB) - 1024); r.Labels.Add("run", run); }),
            "Engine:MaxJobSizeBytes");

        Assert.Empty((await _client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run } })).Jobs);
    }

    [Fact]
    public async Task List_UnfilteredOverBigJobs_EveryPageSucceedsAndEndsEarlyRatherThanExceedTheLimit()
    {
        var big = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var job = await _client.RunAsync("demo.echo", null, r => r.Args = BigString(MiB + (MiB / 4)));
            Assert.Equal(JobState.Succeeded, job.State);
            big.Add(job.Id);
        }

        var listed = new List<string>();
        var pages = 0;
        var request = new ListJobsRequest { PageSize = 1000 };
        do
        {
            var page = await _client.ListAsync(request);
            pages++;
            Assert.NotEmpty(page.Jobs);
            listed.AddRange(page.Jobs.Select(j => j.Id));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && pages < 100);

        Assert.Empty(request.PageToken);
        Assert.Subset(listed.ToHashSet(), big.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(pages >= 2, $"Three jobs of 2.5 MiB each were listed in {pages} page(s) of at most 4 MiB.");
    }

    [Fact]
    public async Task Start_JobSizeLimitNotBelowTheMessageSize_FailsNamingBoth()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TaskRpcTestServer.StartAsync("--Server:MaxMessageSize=1048576"));

        Assert.Contains("Engine:MaxJobSizeBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Server:MaxMessageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SmallerMessageSizeWithAJobSizeLimitBelowIt_EnforcesThatLimit()
    {
        await using var server = await TaskRpcTestServer.StartAsync("--Server:MaxMessageSize=1048576", "--Engine:MaxJobSizeBytes=1000000");

        var job = await server.Client.RunAsync("demo.echo", null, r => r.Args = BigString(600_000));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("RESOURCE_EXHAUSTED", job.Error.Code);
        Assert.Contains("1,000,000 bytes", job.Error.Message, StringComparison.Ordinal);
    }

    private static Payload BigString(int length) => new() { Json = Value.ForString(new string('a', length)) };
}
