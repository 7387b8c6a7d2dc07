using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>mTLS: a client certificate signed by the configured CA is a caller of the tenant its common name names; others are refused.</summary>
public sealed class ClientCertificateTests : IAsyncLifetime, IDisposable
{
    private readonly TestCertificates _certificates = new();
    private TaskRpcTestServer? _server;

    public async Task InitializeAsync()
    {
        _server = await TaskRpcTestServer.StartAsync(
            "--certificate", _certificates.ServerPfxPath,
            $"--Auth:ClientCertificates:CaPath={_certificates.CaPath}",
            "--Auth:ClientCertificates:Tenants:worker-1=acme");
    }

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Submit_CertificateSignedByCa_RunsAsItsTenant()
    {
        using var certificate = _certificates.Client("worker-1");
        using var acme = Channel(certificate);
        using var otherCertificate = _certificates.Client("worker-2");
        using var other = Channel(otherCertificate);
        var service = new TaskService.TaskServiceClient(acme);

        var job = await service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, TaskRpcClient.Options());

        Assert.Equal(JobState.Succeeded, job.State);
        // worker-2's tenant is its common name, not acme: it does not see worker-1's job.
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => new TaskService.TaskServiceClient(other).GetAsync(new GetJobRequest { Id = job.Id }, TaskRpcClient.Options()).ResponseAsync);
    }

    [Fact]
    public async Task Submit_SelfSignedCertificate_Unauthenticated()
    {
        using var certificate = _certificates.Client("worker-1", signedByCa: false);
        using var channel = Channel(certificate);

        await RpcAssert.FailsAsync(
            StatusCode.Unauthenticated,
            () => new TaskService.TaskServiceClient(channel).SubmitAsync(new SubmitRequest { Task = "demo.echo" }, TaskRpcClient.Options()).ResponseAsync,
            "The client certificate is not trusted.");
    }

    [Fact]
    public async Task Submit_NoCertificate_Unauthenticated()
    {
        using var channel = Channel(null);

        await RpcAssert.FailsAsync(
            StatusCode.Unauthenticated,
            () => new TaskService.TaskServiceClient(channel).SubmitAsync(new SubmitRequest { Task = "demo.echo" }, TaskRpcClient.Options()).ResponseAsync,
            "Missing credentials");
    }

    private GrpcChannel Channel(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.Issuer == _certificates.Ca.Subject;
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return GrpcChannel.ForAddress($"https://127.0.0.1:{_server!.Address.Port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
