using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRpc.Contracts.V1;
using TaskRpc.Engine.Storage;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Transport;

/// <summary>An unexpected server error answers UNKNOWN with a generic message; its details only with --detailed-errors.</summary>
public sealed class UnexpectedErrorTests
{
    [Fact]
    public async Task List_UnexpectedError_UnknownWithAGenericMessage()
    {
        await using var server = await TaskRpcTestServer.StartAsync(UseListFailingStore);

        var error = await RpcAssert.FailsAsync(StatusCode.Unknown, () => server.Client.ListAsync(new ListJobsRequest()), "Exception was thrown by handler.");

        Assert.DoesNotContain(ListFailingStore.Secret, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnexpectedErrorWithDetailedErrors_UnknownNamingTheException()
    {
        await using var server = await TaskRpcTestServer.StartAsync(UseListFailingStore, "--detailed-errors", "true");

        await RpcAssert.FailsAsync(
            StatusCode.Unknown, () => server.Client.ListAsync(new ListJobsRequest()), "InvalidOperationException", ListFailingStore.Secret);
    }

    private static void UseListFailingStore(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IJobStore, ListFailingStore>());
}
