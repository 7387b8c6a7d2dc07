using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Certificate;

namespace TaskRpc.Server.Security;

/// <summary>Configures client certificate (mTLS) authentication from <see cref="ClientCertificateOptions"/>.</summary>
internal static class ClientCertificateSetup
{
    public static void Configure(CertificateAuthenticationOptions certificate, ClientCertificateOptions options)
    {
        certificate.AllowedCertificateTypes = CertificateTypes.Chained; // "All" would take any self-signed certificate without a chain check.
        certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        certificate.CustomTrustStore.AddRange(LoadCa(options));
        certificate.RevocationMode = X509RevocationMode.NoCheck;
        certificate.ValidateValidityPeriod = true;
        certificate.Events = new CertificateAuthenticationEvents
        {
            OnCertificateValidated = context =>
            {
                var name = context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
                var tenant = options.Tenants.TryGetValue(name, out var mapped) ? mapped : name;
                options.Roles.TryGetValue(name, out var roles);
                context.Principal = CallerPrincipal.Create(context.Scheme.Name, name, tenant, roles);
                context.Success();
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                context.Fail("The client certificate is not trusted.");
                return Task.CompletedTask;
            },
        };
    }

    public static X509Certificate2Collection LoadCa(ClientCertificateOptions options)
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPemFile(options.CaPath!);
        return ca.Count > 0 ? ca : throw new InvalidOperationException($"Auth:ClientCertificates:CaPath '{options.CaPath}' holds no certificate.");
    }
}
