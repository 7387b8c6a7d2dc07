using Grpc.Core;
using Grpc.Reflection.V1;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>Secure by default: no non-loopback listening without credentials unless --allow-insecure; reflection can be turned off.</summary>
public sealed class ListenTests
{
    [Fact]
    public async Task NonLoopbackHost_WithoutAuth_RefusesToStart()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--host", "0.0.0.0", "--store", "memory");

        Assert.Equal(1, exitCode);
        Assert.Contains("taskrpc: cannot start: refusing to listen on 0.0.0.0 without authentication", output, StringComparison.Ordinal);
        Assert.Contains("--allow-insecure", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonLoopbackHost_AllowInsecure_StartsWithWarning()
    {
        await using var server = await ServerProcess.StartAsync("--host", "0.0.0.0", "--store", "memory", "--allow-insecure");

        var job = await server.Client.RunAsync("demo.echo");

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Contains("without authentication (--allow-insecure)", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonLoopbackHost_WithApiKey_Starts()
    {
        await using var server = await ServerProcess.StartAsync("--host", "0.0.0.0", "--store", "memory", "--Auth:ApiKeys:0:Key=k", "--Auth:ApiKeys:0:Tenant=t");

        var job = await server.Client.Service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, Credentials.ApiKey("k"));

        Assert.Equal(JobState.Succeeded, job.State);
    }

    [Fact]
    public async Task Reflection_TurnedOff_Unimplemented()
    {
        await using var server = await TaskRpcTestServer.StartAsync("--Server:Reflection=false");
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);

        await RpcAssert.FailsAsync(StatusCode.Unimplemented, async () =>
        {
            using var call = reflection.ServerReflectionInfo(TaskRpcClient.Options());
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(JobState.Succeeded, (await server.Client.RunAsync("demo.echo")).State);
    }
}
