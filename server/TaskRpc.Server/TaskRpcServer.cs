using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Server.Health;
using TaskRpc.Server.Security;

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
        args = ServerCommandLine.ExpandFlags(args);
        // appsettings.json is read from beside the server, whatever the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Defaults below every other source (appsettings.json says the same for this server; these
        // hold for any host that builds on this method): no Information line per request or per error status.
        // Hosting.Diagnostics off: while its logger is on at any level, ASP.NET Core starts an Activity and a
        // logging scope for every request (~850 B and an ExecutionContext per call, docs/benchmarks.md);
        // a tracing listener (OpenTelemetry) still gets its Activity.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Grpc.AspNetCore.Server"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
                ["Logging:LogLevel:TaskRpc.Server.Security"] = "Warning", // No line per refused credential.
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
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var insecure = ListenGuard.Check(auth, serverOptions, address, certificate is not null);
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
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        if (auth.ClientCertificates.IsConfigured)
                        {
                            // Asked for, not required (API keys and tokens still work); validated by the certificate handler.
                            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                            https.AllowAnyClientCertificate();
                        }
                    });
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
        // No catch-all routes for unknown services and methods (IgnoreUnknownServices turns off both):
        // UnimplementedCalls answers those after routing, so routing does not fill their route values on every call.
        builder.Services.Configure<GrpcServiceOptions>(options => options.IgnoreUnknownServices = true);
        configureServices?.Invoke(builder.Services);
        TrackedJobStoreFactory.Apply(builder.Services); // A store the host registered is tracked for health too.

        var app = builder.Build();
        app.UseRouting();
        app.Use(HttpPortEndpoint.Gate);
        app.Use(UnimplementedCalls.Middleware(app.Services));
        if (auth.Enabled)
        {
            // After routing (called above), so authorization sees the endpoint; WebApplication would add them before it.
            app.UseAuthentication();
            app.UseAuthorization();
        }

        app.MapTaskRpc();
        app.MapTaskRpcHttp();
        if (insecure)
        {
            SecurityLog.InsecureListen(app.Logger, address);
        }

        return app;
    }
}
