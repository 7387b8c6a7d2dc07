using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Engine;
using TaskRpc.Engine.Storage.Sqlite;
using TaskRpc.Grpc;
using TaskRpc.Server.Mapping;
using TaskRpc.Server.Services;

namespace TaskRpc.Server;

/// <summary>Assembles the TaskRpc server: TaskService over the engine, health, reflection.</summary>
public static class TaskRpcServer
{
    /// <summary>
    /// Builds the server application from command-line <paramref name="args"/> and the usual ASP.NET
    /// Core configuration (appsettings.json beside the server, TASKRPC_-free environment variables such as
    /// <c>Server__Port</c>). <paramref name="configureServices"/> lets a host add its own tasks.
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // appsettings.json is read from beside the server, whatever the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, ServerCommandLine.SwitchMappings);
        var serverOptions = builder.Configuration.GetSection(TaskRpcServerOptions.Section).Get<TaskRpcServerOptions>() ?? new TaskRpcServerOptions();
        if (serverOptions.Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Server:Port must be 0 to 65535, not {serverOptions.Port}.");
        }

        var address = IPAddress.TryParse(serverOptions.Host, out var ip)
            ? ip
            : throw new InvalidOperationException($"Server:Host must be an IP address, not '{serverOptions.Host}'.");
        var certificate = serverOptions.CertificatePath is null
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(serverOptions.CertificatePath, serverOptions.CertificatePassword);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(address, serverOptions.Port), certificate));

        var services = builder.Services;
        services.AddRouting();
        services.AddGrpcServer(options =>
        {
            options.EnableDetailedErrors = serverOptions.DetailedErrors;
            options.MaxReceiveMessageSize = serverOptions.MaxMessageSize;
            options.MaxSendMessageSize = serverOptions.MaxMessageSize;
            options.ExceptionMapper = StatusMapping.FromException;
        });
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        services.AddGrpcService<TaskService>();
        services.AddHostedService<HealthReporter>();
        services.AddJobStore(builder.Configuration.GetSection(SqliteJobStoreOptions.Section));
        services.AddTaskRpc(options => builder.Configuration.GetSection("Engine").Bind(options));
        MessageSizeLimits.Register(services, serverOptions.MaxMessageSize);
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.MapGrpcServices();
        return app;
    }
}
