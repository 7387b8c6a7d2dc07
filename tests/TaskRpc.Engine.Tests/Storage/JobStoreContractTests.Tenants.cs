using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>Tenants and trace context: fixed at creation, keys unique per tenant, lists filtered by tenant.</summary>
public abstract partial class JobStoreContractTests
{
    [Fact]
    public async Task CreateAsync_TenantAndTraceContext_AreReadBack()
    {
        var store = CreateStore();
        var job = NewJob() with { Tenant = "acme", TraceContext = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01;congo=t61rcWkgMzE" };

        await store.CreateAsync(job, Created(job));

        var stored = await store.GetAsync(job.Id);
        Assert.Equal("acme", stored!.Tenant);
        Assert.Equal(job.TraceContext, stored.TraceContext);
    }

    [Fact]
    public async Task CreateAsync_SameKeyInTwoTenants_CreatesTwoJobs()
    {
        var store = CreateStore();
        var first = NewJob() with { IdempotencyKey = "k", Tenant = "acme" };
        var second = NewJob() with { IdempotencyKey = "k", Tenant = "globex" };
        var third = NewJob() with { IdempotencyKey = "k", Tenant = "acme" };

        var results = new[]
        {
            await store.CreateAsync(first, Created(first)),
            await store.CreateAsync(second, Created(second)),
            await store.CreateAsync(third, Created(third)),
        };

        Assert.True(results[0].Created);
        Assert.True(results[1].Created);
        Assert.Equal(second.Id, results[1].Job.Id);
        Assert.False(results[2].Created);
        Assert.Equal(first.Id, results[2].Job.Id);
    }

    [Fact]
    public async Task ListAsync_TenantFilter_ReturnsOnlyThatTenantsJobs()
    {
        var store = CreateStore();
        var acme = NewJob() with { Tenant = "acme" };
        var globex = NewJob() with { Tenant = "globex" };
        var none = NewJob();
        foreach (var job in new[] { acme, globex, none })
        {
            await store.CreateAsync(job, Created(job));
        }

        var acmePage = await store.ListAsync(new JobFilter { Tenant = "acme" }, 10, null);
        var nonePage = await store.ListAsync(new JobFilter { Tenant = string.Empty }, 10, null);
        var allPage = await store.ListAsync(JobFilter.All, 10, null);

        Assert.Equal(acme.Id, Assert.Single(acmePage.Jobs).Id);
        Assert.Equal(none.Id, Assert.Single(nonePage.Jobs).Id);
        Assert.Equal(3, allPage.Jobs.Count);
    }
}
