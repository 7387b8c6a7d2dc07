using System.Net;
using Grpc.Testing;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>ListenGrpc with a certificate: HTTP/2 negotiated over TLS with ALPN h2.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task ListenGrpc_SelfSignedCertificate_RawClientNegotiatesHttp2OverTls()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, certificate: certificate);
        using var client = server.CreateRawClient(certificate);

        var response = await client.UnaryAsync(TestMethods.UnaryCallPath, new SimpleRequest { ResponseSize = 4 });

        Assert.Equal(Uri.UriSchemeHttps, server.Address.Scheme);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal(4, SimpleResponse.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Payload.Body.Length);
    }

    [Fact]
    public async Task ListenGrpc_SelfSignedCertificate_ChannelCallSucceeds()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, certificate: certificate);
        using var channel = server.CreateChannel(new GrpcChannelOptions { SslOptions = TestCertificate.TrustOnly(certificate) });

        var response = await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest { ResponseSize = 9 });

        Assert.Equal(9, response.Payload.Body.Length);
    }

    [Fact]
    public async Task ListenGrpc_UntrustedCertificate_ClientRefusesConnection()
    {
        using var certificate = TestCertificate.Create();
        using var other = TestCertificate.Create();
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, certificate: certificate);
        using var channel = server.CreateChannel(new GrpcChannelOptions { SslOptions = TestCertificate.TrustOnly(other) });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(TestMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task ListenGrpc_Http11RequestOverTls_Returns426WithInternal()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho, certificate: certificate);
        using var client = server.CreateRawClient(certificate);
        var request = client.CreateRequest(TestMethods.UnaryCallPath, GrpcFrames.Frame(new SimpleRequest()));
        request.Version = HttpVersion.Version11;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
    }
}
