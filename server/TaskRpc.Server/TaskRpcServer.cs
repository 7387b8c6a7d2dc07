using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Server.Health;

namespace TaskRpc.Server;

/// <summary>Assembles the TaskRpc server: TaskService over the engine, health, reflection, on Kestrel.</summary>
public static class TaskRpcServer
{
    /// <summary>
    /// Builds the server application from command-line <paramref name="args"/> and the usual ASP.NET
    /// Core configuration (appsettings.json, environment variables such as <c>Server__Port</c>):
    /// <see cref="TaskRpcServerServiceCollectionExtensions.AddTaskRpcServer"/>, one Kestrel endpoint
    /// (h2c, or HTTP/2 over TLS with a certificate) and
    /// <see cref="TaskRpcEndpointRouteBuilderExtensions.MapTaskRpc"/>.
    /// <paramref name="configureServices"/> lets a host add its own tasks.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="configureServices">Adds the host's own services and tasks.</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // appsettings.json is read from beside the server, whatever the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Defaults below every other source (appsettings.json says the same for this server; these
        // hold for any host that builds on this method): no Information line per request or per error status.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Grpc.AspNetCore.Server"] = "Warning",
            },
        });
        builder.Configuration.AddCommandLine(args, ServerCommandLine.SwitchMappings);
        var serverOptions = builder.Configuration.GetSection(TaskRpcServerOptions.Section).Get<TaskRpcServerOptions>() ?? new TaskRpcServerOptions();
        var address = IPAddress.TryParse(serverOptions.Host, out var ip)
            ? ip
            : throw new InvalidOperationException($"Server:Host must be an IP address, not '{serverOptions.Host}'.");
        if (serverOptions.Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Server:Port must be 0 to 65535, not {serverOptions.Port}.");
        }

        if (serverOptions.HttpPort is < -1 or > 65535)
        {
            throw new InvalidOperationException($"Server:HttpPort must be 0 to 65535, or -1 for none, not {serverOptions.HttpPort}.");
        }

        var certificate = serverOptions.CertificatePath is null
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(serverOptions.CertificatePath, serverOptions.CertificatePassword);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(new IPEndPoint(address, serverOptions.Port), listen =>
            {
                if (certificate is null)
                {
                    listen.Protocols = HttpProtocols.Http2;
                }
                else
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                }
            });
            if (serverOptions.HttpPort >= 0)
            {
                kestrel.Listen(new IPEndPoint(address, serverOptions.HttpPort), listen =>
                {
                    listen.Protocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }

                    listen.Use(next => connection =>
                    {
                        connection.Items[HttpPortEndpoint.ConnectionItem] = true;
                        return next(connection);
                    });
                });
            }
        });

        builder.Services.AddTaskRpcServer(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        TrackedJobStoreFactory.Apply(builder.Services); // A store the host registered is tracked for health too.

        var app = builder.Build();
        app.UseRouting();
        app.Use(HttpPortEndpoint.Gate);
        app.MapTaskRpc();
        app.MapTaskRpcHttp();
        return app;
    }
}
