using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>
/// A job past its retention is gone for every call, whether or not the retention sweep has run
/// (the sweep here runs once a day, so it never does): its idempotency key is free again.
/// </summary>
public sealed class RetentionExpiryTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task Calls_JobPastRetentionBeforeTheSweep_TreatItAsGoneAndItsKeyCreatesANewJob(string store)
    {
        var directory = Directory.CreateTempSubdirectory("taskrpc-expiry-");
        var clock = new ShiftedClock();
        try
        {
            await using var server = await TaskRpcTestServer.StartAsync(
                clock.Install,
                "--store", store, "--db", Path.Combine(directory.FullName, "jobs.db"),
                $"--Engine:ResultRetention={Retention}", "--Engine:RetentionSweepInterval=1.00:00:00");
            var client = server.Client;
            var run = Guid.NewGuid().ToString("N");
            var key = "key-" + run;
            var first = await client.RunAsync("demo.echo", """{"n": 1}""", r => { r.IdempotencyKey = key; r.Labels.Add("run", run); });
            Assert.Equal(JobState.Succeeded, first.State);
            Assert.Equal(first.Id, (await client.SubmitAsync("demo.echo", """{"n": 2}""", r => r.IdempotencyKey = key)).Id);

            clock.Advance(Retention + TimeSpan.FromMinutes(1));

            await RpcAssert.FailsAsync(StatusCode.NotFound, () => client.GetAsync(first.Id), first.Id);
            await RpcAssert.FailsAsync(StatusCode.NotFound, () => client.AwaitAsync(first.Id), first.Id);
            await RpcAssert.FailsAsync(StatusCode.NotFound, () => client.WaitAsync([first.Id], ReturnWhen.AllCompleted), first.Id);
            await RpcAssert.FailsAsync(StatusCode.NotFound, () => client.ReadEventsAsync(first.Id), first.Id);
            await RpcAssert.FailsAsync(StatusCode.NotFound, () => client.CancelAsync(first.Id), first.Id);
            Assert.Empty((await client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run } })).Jobs);
            Assert.DoesNotContain((await client.ListAsync(new ListJobsRequest { PageSize = 1000 })).Jobs, j => j.Id == first.Id);

            var second = await client.RunAsync("demo.echo", """{"n": 3}""", r => { r.IdempotencyKey = key; r.Labels.Add("run", run); });

            Assert.NotEqual(first.Id, second.Id);
            Assert.Equal(JobState.Succeeded, second.State);
            Assert.Equal(3, JsonPayload.ResultOf(await client.GetAsync(second.Id)).GetProperty("n").GetInt32());
            Assert.Equal(second.Id, Assert.Single((await client.ListAsync(new ListJobsRequest { Labels = { ["run"] = run } })).Jobs).Id);
            Assert.Equal(second.Id, (await client.SubmitAsync("demo.echo", "{}", r => r.IdempotencyKey = key)).Id);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
