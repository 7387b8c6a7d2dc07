using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskRpc.Grpc;

namespace TaskRpc.InteropServer;

/// <summary>Starts the interop server on 127.0.0.1, in this process.</summary>
public sealed class InteropServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InteropServerHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The address for clients, e.g. <c>http://127.0.0.1:50052</c>.</summary>
    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>Builds the interop server application (TestService, health, reflection).</summary>
    public static WebApplication Build(int port, LogLevel minimumLevel = LogLevel.Warning)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, port)));
        builder.Services.AddRouting();
        builder.Services.AddGrpcServer();
        builder.Services.AddGrpcService<InteropTestService>();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        var app = builder.Build();
        app.MapGrpcServices();
        return app;
    }

    /// <summary>Starts a server; port 0 picks a free port.</summary>
    public static async Task<InteropServerHost> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var app = Build(port);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InteropServerHost(app, new Uri(address).Port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
