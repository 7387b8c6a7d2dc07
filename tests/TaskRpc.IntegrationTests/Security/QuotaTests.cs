using Google.Rpc;
using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>Per-tenant quotas: queued jobs (RESOURCE_EXHAUSTED with RetryInfo) and running jobs; other tenants unaffected.</summary>
public sealed class QuotaTests() : InProcessServer(
    "--Auth:ApiKeys:0:Key=key-a", "--Auth:ApiKeys:0:Tenant=a",
    "--Auth:ApiKeys:1:Key=key-b", "--Auth:ApiKeys:1:Tenant=b",
    "--Auth:Tenants:a:MaxQueuedJobs=2", "--Auth:Tenants:a:MaxRunningJobs=1")
{
    private static readonly CallOptions A = Credentials.ApiKey("key-a");
    private static readonly CallOptions B = Credentials.ApiKey("key-b");

    [Fact]
    public async Task Tenant_AtQueuedAndRunningQuota_RefusedWithRetryInfoAndWaits_OtherTenantRuns()
    {
        var service = Client.Service;
        var (name, gate) = Server.Gates.Create();
        var running = await service.SubmitAsync(Gated(name), Fresh(A));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // The executor has room, but a's running quota is 1: these two wait, and fill a's queued quota.
        var queued = new[] { await service.SubmitAsync(Gated(null), Fresh(A)), await service.SubmitAsync(Gated(null), Fresh(A)) };
        var error = await RpcAssert.FailsAsync(
            StatusCode.ResourceExhausted, () => service.SubmitAsync(Gated(null), Fresh(A)).ResponseAsync, "Tenant 'a' has 2 jobs queued, its quota");
        Assert.True(error.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() > TimeSpan.Zero);

        // Tenant b is unaffected: its job runs to the end while a's are held back.
        var ofB = await service.SubmitAsync(new SubmitRequest { Task = "test.gate", Args = JsonPayload.From("{}"), Wait = true }, Fresh(B));
        Assert.Equal(JobState.Succeeded, ofB.State);
        foreach (var job in queued)
        {
            Assert.Equal(JobState.Queued, (await service.GetAsync(new GetJobRequest { Id = job.Id }, Fresh(A))).State);
        }

        gate.Open();
        foreach (var job in queued.Prepend(running))
        {
            Assert.Equal(JobState.Succeeded, (await service.AwaitAsync(new AwaitJobRequest { Id = job.Id }, Fresh(A))).State);
        }

        Assert.Equal(JobState.Succeeded, (await service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, Fresh(A))).State);
    }

    private static SubmitRequest Gated(string? gate) => new() { Task = "test.gate", Args = JsonPayload.From(gate is null ? "{}" : $$"""{"gate": "{{gate}}"}""") };

    private static CallOptions Fresh(CallOptions credential) => credential.WithDeadline(DateTime.UtcNow + TaskRpcClient.CallTimeout);
}
