using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// A task result nests as deep as args may (32 JSON levels): a deeper one would make the job
/// unreadable by protobuf parsers in the responses that carry it, so the job fails with a clear
/// error instead, and stays readable everywhere.
/// </summary>
public sealed class ResultDepthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Theory]
    [InlineData(false, 32)]
    [InlineData(true, 32)]
    public async Task Complete_ResultAtDepthLimit_SucceedsAndReadsBack(bool structs, int depth)
    {
        var result = structs ? NestedValues.Structs(depth) : NestedValues.Lists(depth);
        var args = Google.Protobuf.WellKnownTypes.Value.ForStruct(new() { Fields = { ["json"] = Google.Protobuf.WellKnownTypes.Value.ForString(result.ToString()) } });

        var job = await _client.RunAsync("test.json_result", args.ToString());

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(result, job.Result.Json);
        Assert.Equal(result, Assert.Single((await _client.WaitAsync([job.Id], ReturnWhen.AllCompleted)).Done).Result.Json);
    }

    [Theory]
    [InlineData(false, 33)]
    [InlineData(true, 33)]
    [InlineData(false, 60)]
    [InlineData(true, 60)]
    public async Task Complete_ResultNestedPastLimit_JobFailsWithClearErrorReadable(bool structs, int depth)
    {
        var result = structs ? NestedValues.Structs(depth) : NestedValues.Lists(depth);
        var args = Google.Protobuf.WellKnownTypes.Value.ForStruct(new() { Fields = { ["json"] = Google.Protobuf.WellKnownTypes.Value.ForString(result.ToString()) } });

        var job = await _client.RunAsync("test.json_result", args.ToString());

        Assert.Equal(JobState.Failed, job.State);
        Assert.Null(job.Result);
        Assert.Equal("RESOURCE_EXHAUSTED", job.Error.Code);
        Assert.Contains("nests deeper than 32 levels", job.Error.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, (await _client.GetAsync(job.Id)).State);
        Assert.Equal(JobState.Failed, Assert.Single((await _client.WaitAsync([job.Id], ReturnWhen.AllCompleted)).Done).State);
    }
}
