using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>The in-memory store's size limit (Store:MaxSizeBytes): Submit once full is RESOURCE_EXHAUSTED; space freed by retention is reused.</summary>
public sealed class MemoryStoreLimitTests
{
    private const int Limit = 4 * 1024 * 1024;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    [Fact]
    public async Task Submit_MemoryStoreFull_IsResourceExhaustedUntilRetentionFreesSpace()
    {
        var clock = new ShiftedClock();
        await using var server = await TaskRpcTestServer.StartAsync(
            clock.Install,
            $"--Store:MaxSizeBytes={Limit}", $"--Engine:ResultRetention={Retention}", "--Engine:RetentionSweepInterval=1.00:00:00");
        var client = server.Client;
        var args = new Payload { Json = Value.ForString(new string('a', 256 * 1024)) };
        var accepted = new List<Job>();
        RpcException? full = null;
        while (full is null && accepted.Count < 100)
        {
            try
            {
                accepted.Add(await client.RunAsync("demo.echo", null, r => r.Args = args));
            }
            catch (RpcException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        Assert.Equal(StatusCode.ResourceExhausted, full.StatusCode);
        Assert.Contains("Store:MaxSizeBytes", full.Status.Detail, StringComparison.Ordinal);
        // Each job holds 256 KiB of args and as much result: about 8 fit in 4 MiB.
        Assert.InRange(accepted.Count, 4, 8);
        Assert.All(accepted, job => Assert.Equal(JobState.Succeeded, job.State));

        clock.Advance(Retention + TimeSpan.FromMinutes(1));

        var again = await client.RunAsync("demo.echo", null, r => r.Args = args);
        Assert.Equal(JobState.Succeeded, again.State);
    }
}
