using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>Fair share in dispatch: a tenant with 10,000 queued jobs delays another tenant's job by at most one slot.</summary>
public sealed class FairShareTests() : InProcessServer(
    "--Auth:ApiKeys:0:Key=key-a", "--Auth:ApiKeys:0:Tenant=a",
    "--Auth:ApiKeys:1:Key=key-b", "--Auth:ApiKeys:1:Tenant=b",
    "--Engine:Async:MaxConcurrency=1")
{
    private const int Backlog = 10_000;

    [Fact]
    public async Task Submit_OtherTenantHas10000Queued_RunsAfterAtMostOneOfThem()
    {
        var service = Client.Service;
        var (name, gate) = Server.Gates.Create();
        var blocker = await service.SubmitAsync(
            new SubmitRequest { Task = "test.gate", Args = JsonPayload.From($$"""{"gate": "{{name}}"}""") }, Fresh("key-a"));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // The one slot is held: a queues its backlog, then b submits one job.
        var backlog = new List<string>(Backlog);
        for (var i = 0; i < Backlog; i += 100)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
                service.SubmitAsync(new SubmitRequest { Task = "test.gate", Args = JsonPayload.From("{}") }, Fresh("key-a")).ResponseAsync));
            backlog.AddRange(batch.Select(job => job.Id));
        }

        var ofB = await service.SubmitAsync(new SubmitRequest { Task = "test.gate", Args = JsonPayload.From("{}") }, Fresh("key-b"));
        gate.Open();

        var done = await service.AwaitAsync(new AwaitJobRequest { Id = ofB.Id }, Fresh("key-b"));
        var blockerDone = await service.AwaitAsync(new AwaitJobRequest { Id = blocker.Id }, Fresh("key-a"));
        var order = JsonPayload.ResultOf(done).GetProperty("order").GetInt64();
        var blockerOrder = JsonPayload.ResultOf(blockerDone).GetProperty("order").GetInt64();

        // Started right after the blocker, or after one more of a's jobs: not after the backlog.
        Assert.InRange(order - blockerOrder, 1, 2);
        await service.CancelAsync(new CancelJobRequest { Id = backlog[^1] }, Fresh("key-a"));
    }

    private static CallOptions Fresh(string key) => Credentials.ApiKey(key).WithDeadline(DateTime.UtcNow + TimeSpan.FromSeconds(60));
}
