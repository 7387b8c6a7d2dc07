using Google.Rpc;
using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>A tenant's submit rate: over it, RESOURCE_EXHAUSTED with a RetryInfo; other tenants unaffected.</summary>
public sealed class RateLimitTests() : InProcessServer(
    "--Auth:ApiKeys:0:Key=key-a", "--Auth:ApiKeys:0:Tenant=a",
    "--Auth:ApiKeys:1:Key=key-b", "--Auth:ApiKeys:1:Tenant=b",
    // One submission per 100 s: the second in a row is over the rate whatever the machine's speed.
    "--Auth:Tenants:a:SubmitsPerSecond=0.01")
{
    [Fact]
    public async Task Submit_OverTenantsRate_ResourceExhaustedWithRetryInfo_OtherTenantUnaffected()
    {
        var service = Client.Service;
        var request = new SubmitRequest { Task = "demo.echo", Wait = true };
        Assert.Equal(JobState.Succeeded, (await service.SubmitAsync(request, Credentials.ApiKey("key-a"))).State);

        var error = await RpcAssert.FailsAsync(
            StatusCode.ResourceExhausted, () => service.SubmitAsync(request, Credentials.ApiKey("key-a")).ResponseAsync, "Tenant 'a' submits more than 0.01 jobs per second");

        var retry = error.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.True(retry.RetryDelay.ToTimeSpan() > TimeSpan.Zero, $"RetryDelay {retry.RetryDelay}");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(JobState.Succeeded, (await service.SubmitAsync(request, Credentials.ApiKey("key-b"))).State);
        }
    }
}
