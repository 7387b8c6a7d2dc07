using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using TaskRpc.Client.Tests.Infrastructure;

namespace TaskRpc.Client.Tests;

public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"taskrpc-client-tls-{Guid.NewGuid():N}.pfx");
    private X509Certificate2? _certificate;
    private ClientTestServer? _server;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllBytesAsync(_pfx, _certificate.Export(X509ContentType.Pkcs12));
        _server = await ClientTestServer.StartAsync("--certificate", _pfx);
    }

    [Fact]
    public async Task Await_OverTlsWithTrustedCertificate_ReturnsTheResult()
    {
        Assert.Equal(Uri.UriSchemeHttps, _server!.Address.Scheme);
        using var client = _server.CreateClient(options => options.SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _certificate!.GetCertHashString(),
        });

        var result = await await client.SubmitAsync<Item>("demo.echo", new Item(42));

        Assert.Equal(new Item(42), result);
    }

    [Fact]
    public async Task Submit_OverTlsWithUntrustedCertificate_ThrowsTransportException()
    {
        using var client = _server!.CreateClient(options => options.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<TaskRpcTransportException>(() => client.SubmitAsync<Item>("demo.echo", new Item(1)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificate?.Dispose();
        File.Delete(_pfx);
    }
}
