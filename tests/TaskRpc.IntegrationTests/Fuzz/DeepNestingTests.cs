using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// Deeply nested args (google.protobuf.Value lists and structs inside each other): what the server
/// accepts, every client can read back in every response that carries the job (Get, Wait, Cancel,
/// List wrap the Job one message deeper than Submit); what it refuses creates nothing. Args nest
/// at most 32 JSON levels (INVALID_ARGUMENT past that); past 100 protobuf message levels the
/// server's parser refuses the request before TaskRpc sees it (grpc-dotnet answers UNKNOWN).
/// </summary>
public sealed class DeepNestingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Submit_ArgsNestedAtEachDepth_AcceptedJobsReadableInEveryResponseRefusedOnesInvalid(bool structs)
    {
        var accepted = 0;
        for (var depth = 1; depth <= 70; depth++)
        {
            var run = Guid.NewGuid().ToString("N");
            var request = new SubmitRequest
            {
                Task = "demo.echo",
                Args = new Payload { Json = structs ? NestedValues.Structs(depth) : NestedValues.Lists(depth) },
                Wait = true,
                Labels = { ["run"] = run },
            };

            Job job;
            try
            {
                job = await _client.SubmitAsync(request);
            }
            catch (RpcException e)
            {
                Assert.True(depth > 32, $"depth {depth}: {e.Status}");
                Assert.True(
                    (e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("nests deeper than 32", StringComparison.Ordinal))
                    || e.StatusCode == StatusCode.Unknown,
                    $"depth {depth}: {e.Status}");
                Assert.Empty((await _client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run } })).Jobs);
                continue;
            }

            accepted = depth;
            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal(request.Args, job.Result);
            Assert.Equal(request.Args, (await _client.GetAsync(job.Id)).Args);
            Assert.Equal(request.Args, (await _client.AwaitAsync(job.Id)).Result);
            Assert.Equal(request.Args, Assert.Single((await _client.WaitAsync([job.Id], ReturnWhen.AllCompleted)).Done).Result);
            Assert.Equal(request.Args, (await _client.CancelAsync(job.Id)).Job.Result);
            Assert.Equal(request.Args, Assert.Single((await _client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run } })).Jobs).Result);
        }

        Assert.Equal(32, accepted);
    }
}
