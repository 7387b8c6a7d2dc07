using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>A task's args validator runs in the server at Submit: bad args are refused before anything is queued, whatever the executor.</summary>
public sealed class ArgsValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Theory]
    [InlineData("""{"n": 10000000000000}""")]
    [InlineData("""{"n": -1}""")]
    public async Task Submit_ProcessTaskArgsOutOfRange_IsInvalidArgumentAndQueuesNothing(string args)
    {
        var run = Guid.NewGuid().ToString("N");

        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument,
            () => _client.SubmitAsync("demo.cpu", args, r => r.Labels.Add("run", run)),
            "n must be 0 to 10^12");

        Assert.Empty((await _client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run } })).Jobs);
    }

    [Fact]
    public async Task Submit_ProcessTaskArgsInRange_IsAccepted()
    {
        var job = await _client.SubmitAsync("demo.cpu", """{"n": 1000000000000}""", r => r.Delay = Durations.Seconds(3600));

        Assert.Equal(JobState.Queued, job.State);
        Assert.True((await _client.CancelAsync(job.Id, "test cleanup")).Cancelled);
    }
}
