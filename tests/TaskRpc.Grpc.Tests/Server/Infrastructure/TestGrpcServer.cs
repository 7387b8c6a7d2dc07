using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskRpc.Grpc.Health;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>
/// A real Kestrel gRPC server on 127.0.0.1 and a free port, hosting grpc.testing.TestService with
/// the test's own handlers, plus health and reflection, assembled like a production server.
/// </summary>
public sealed class TestGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGrpcServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c> (https with a certificate).</summary>
    public Uri Address { get; }

    /// <summary>The health statuses the server reports.</summary>
    public HealthStatusRegistry Health => _app.Services.GetRequiredService<HealthStatusRegistry>();

    /// <summary>Starts a server whose TestService methods are bound by <paramref name="bind"/>.</summary>
    public static async Task<TestGrpcServer> StartAsync(
        Action<ServiceBinder> bind, Action<GrpcServerOptions>? configure = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), certificate));
        builder.Services.AddRouting();
        builder.Services.AddGrpcServer(configure);
        builder.Services.AddSingleton(new BoundTestService(bind));
        builder.Services.AddGrpcService<BoundTestService>();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        var app = builder.Build();
        app.MapGrpcServices();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestGrpcServer(app, new Uri(address));
    }

    /// <summary>A channel of our own client to this server.</summary>
    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    /// <summary>A raw HTTP/2 client for requests our channel would never send.</summary>
    public RawGrpcClient CreateRawClient(X509Certificate2? trusted = null) => new(Address, trusted);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
