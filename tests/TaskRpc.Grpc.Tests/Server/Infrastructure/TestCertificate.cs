using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>A self-signed server certificate for 127.0.0.1 and localhost, made in memory.</summary>
public static class TestCertificate
{
    /// <summary>Creates the certificate, re-imported from PFX so that Kestrel can use its private key.</summary>
    public static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }

    /// <summary>TLS client options that accept exactly <paramref name="certificate"/> (and certificates the system trusts).</summary>
    public static SslClientAuthenticationOptions TrustOnly(X509Certificate2 certificate)
    {
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                errors == SslPolicyErrors.None
                || (presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint),
        };
    }
}
