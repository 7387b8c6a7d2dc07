using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>A CA made for one test, the server's certificate and client certificates it signs (or not).</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);
    private readonly string _directory = Directory.CreateTempSubdirectory("taskrpc-mtls-").FullName;

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=TaskRpc Test CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        CaPath = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(CaPath, Ca.ExportCertificatePem());

        using var server = Issue("127.0.0.1", serverAuth: true, signer: Ca);
        ServerPfxPath = Path.Combine(_directory, "server.pfx");
        File.WriteAllBytes(ServerPfxPath, server.Export(X509ContentType.Pkcs12));
    }

    public X509Certificate2 Ca { get; }

    public string CaPath { get; }

    public string ServerPfxPath { get; }

    /// <summary>A client certificate for <paramref name="commonName"/>, signed by the CA or, with <paramref name="signer"/> null, self-signed.</summary>
    public X509Certificate2 Client(string commonName, bool signedByCa = true) => Issue(commonName, serverAuth: false, signer: signedByCa ? Ca : null);

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static X509Certificate2 Issue(string commonName, bool serverAuth, X509Certificate2? signer)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);
        if (signer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        using var issued = request.Create(signer, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        // The TLS client needs the private key with the certificate, as one exportable PFX.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }
}
