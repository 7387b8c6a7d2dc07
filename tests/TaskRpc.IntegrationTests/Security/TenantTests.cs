using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>Tenants cannot see each other's jobs; an admin sees all; allow-lists; idempotency keys per tenant.</summary>
public sealed class TenantTests() : InProcessServer(
    "--Auth:ApiKeys:0:Key=key-a", "--Auth:ApiKeys:0:Tenant=a",
    "--Auth:ApiKeys:1:Key=key-b", "--Auth:ApiKeys:1:Tenant=b",
    "--Auth:ApiKeys:2:Key=key-admin", "--Auth:ApiKeys:2:Tenant=ops", "--Auth:ApiKeys:2:Roles=admin",
    "--Auth:Tenants:b:Tasks:0=demo.echo", "--Auth:Tenants:b:Tasks:1=test.gate")
{
    private static readonly CallOptions A = Credentials.ApiKey("key-a");
    private static readonly CallOptions B = Credentials.ApiKey("key-b");
    private static readonly CallOptions Admin = Credentials.ApiKey("key-admin");

    private TaskService.TaskServiceClient Service => Client.Service;

    [Fact]
    public async Task OtherTenantsJob_EveryMethod_NotFoundLikeAMissingId()
    {
        var job = await Service.SubmitAsync(new SubmitRequest { Task = "demo.sleep", Args = JsonPayload.From("""{"seconds": 60}""") }, Options(A));
        const string missing = "j01ZZZZZZZZZZZZZZZZZZZZZZZZ";
        var missingDetail = (await RpcAssert.FailsAsync(StatusCode.NotFound, () => Service.GetAsync(new GetJobRequest { Id = missing }, Options(B)).ResponseAsync)).Status.Detail;

        var calls = new Func<CallOptions, Task>[]
        {
            o => Service.GetAsync(new GetJobRequest { Id = job.Id }, o).ResponseAsync,
            o => Service.AwaitAsync(new AwaitJobRequest { Id = job.Id }, o).ResponseAsync,
            o => Service.WaitAsync(new WaitJobsRequest { Ids = { job.Id } }, o).ResponseAsync,
            o => Service.CancelAsync(new CancelJobRequest { Id = job.Id }, o).ResponseAsync,
            async o =>
            {
                using var stream = Service.StreamProgress(new StreamProgressRequest { Id = job.Id }, o);
                await stream.ResponseStream.MoveNext();
            },
        };
        foreach (var call in calls)
        {
            var error = await RpcAssert.FailsAsync(StatusCode.NotFound, () => call(Options(B)));
            Assert.Equal(missingDetail.Replace(missing, job.Id, StringComparison.Ordinal), error.Status.Detail);
        }

        Assert.Equal(job.Id, (await Service.GetAsync(new GetJobRequest { Id = job.Id }, Options(A))).Id);
        var cancelled = await Service.CancelAsync(new CancelJobRequest { Id = job.Id, Reason = "admin" }, Options(Admin));
        Assert.True(cancelled.Cancelled);
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersTenant_AdminSeesAll()
    {
        var label = Guid.NewGuid().ToString("N");
        var ofA = await Service.SubmitAsync(Labelled(label), Options(A));
        var ofB = await Service.SubmitAsync(Labelled(label), Options(B));
        var request = new ListJobsRequest { Labels = { ["run"] = label } };

        var listA = await Service.ListAsync(request, Options(A));
        var listB = await Service.ListAsync(request, Options(B));
        var listAdmin = await Service.ListAsync(request, Options(Admin));

        Assert.Equal([ofA.Id], listA.Jobs.Select(j => j.Id));
        Assert.Equal([ofB.Id], listB.Jobs.Select(j => j.Id));
        Assert.Equal(new[] { ofA.Id, ofB.Id }.Order(), listAdmin.Jobs.Select(j => j.Id).Order());
    }

    [Fact]
    public async Task Admin_GetsAndAwaitsAnyTenantsJob()
    {
        var job = await Service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, Options(A));

        var got = await Service.GetAsync(new GetJobRequest { Id = job.Id }, Options(Admin));
        var awaited = await Service.AwaitAsync(new AwaitJobRequest { Id = job.Id }, Options(Admin));

        Assert.Equal(job.Id, got.Id);
        Assert.Equal(JobState.Succeeded, awaited.State);
    }

    [Fact]
    public async Task SameIdempotencyKey_TwoTenants_TwoJobs()
    {
        var key = Guid.NewGuid().ToString("N");
        var request = new SubmitRequest { Task = "demo.echo", IdempotencyKey = key };

        var a1 = await Service.SubmitAsync(request, Options(A));
        var a2 = await Service.SubmitAsync(request, Options(A));
        var b1 = await Service.SubmitAsync(request, Options(B));

        Assert.Equal(a1.Id, a2.Id);
        Assert.NotEqual(a1.Id, b1.Id);
    }

    [Fact]
    public async Task Submit_TaskOutsideTenantsAllowList_PermissionDenied()
    {
        await RpcAssert.FailsAsync(
            StatusCode.PermissionDenied,
            () => Service.SubmitAsync(new SubmitRequest { Task = "demo.sleep" }, Options(B)).ResponseAsync,
            "Tenant 'b' may not run task 'demo.sleep'");
        var allowed = await Service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, Options(B));
        Assert.Equal(JobState.Succeeded, allowed.State);
    }

    private static SubmitRequest Labelled(string label) => new() { Task = "demo.echo", Labels = { ["run"] = label } };

    /// <summary>A fresh deadline on the tenant's credential.</summary>
    private static CallOptions Options(CallOptions credential) => credential.WithDeadline(DateTime.UtcNow + TaskRpcClient.CallTimeout);
}
