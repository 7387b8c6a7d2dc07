using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskRpc.Engine;
using TaskRpc.Engine.Storage;
using TaskRpc.Server.Health;
using TaskRpc.Server.Mapping;
using TaskRpc.Server.Services;
using TaskRpc.Storage.Sqlite;

namespace TaskRpc.Server;

/// <summary>Registers the TaskRpc server in an ASP.NET Core host; map its endpoints with <see cref="TaskRpcEndpointRouteBuilderExtensions.MapTaskRpc"/>.</summary>
public static class TaskRpcServerServiceCollectionExtensions
{
    /// <summary>The gRPC health service name of taskrpc.v1.TaskService.</summary>
    public const string HealthServiceName = "taskrpc.v1.TaskService";

    /// <summary>
    /// Registers the job store (<c>Store</c> section), the engine (<c>Engine</c> section) with the
    /// demo tasks, and the gRPC edge (<c>Server</c> section, <see cref="TaskRpcServerOptions"/>):
    /// TaskService, reflection v1 and v1alpha, health bridged to ASP.NET Core health checks (the
    /// host's lifetime, store writes, process-pool worker starts), the error interceptor, message
    /// size and compression settings, and the Kestrel limits. Register a custom
    /// <see cref="IJobStore"/> before calling this, so its writes are tracked for health.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>A builder to register the host's tasks with.</returns>
    public static TaskRpcBuilder AddTaskRpcServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TaskRpcServerOptions.Section);
        var server = section.Get<TaskRpcServerOptions>() ?? new TaskRpcServerOptions();
        Validate(server);
        services.Configure<TaskRpcServerOptions>(section);
        services.AddJobStore(configuration.GetSection(SqliteJobStoreOptions.Section));
        var builder = services.AddTaskRpc(options => configuration.GetSection("Engine").Bind(options));
        MessageSizeLimits.Register(services, server.MaxMessageSize);

        services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = server.DetailedErrors;
            options.MaxReceiveMessageSize = server.MaxMessageSize;
            options.MaxSendMessageSize = server.MaxMessageSize;
            options.ResponseCompressionAlgorithm = server.ResponseCompression;
            options.Interceptors.Add<ErrorInterceptor>();
        });
        // Both stateless: one instance each, not one activation per call (grpc-dotnet's default).
        services.TryAddSingleton<ErrorInterceptor>();
        services.TryAddSingleton<TaskService>();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(options => options.Services.Map(HealthServiceName, _ => true))
            .AddCheck<LifecycleHealthCheck>(LifecycleHealthCheck.Name)
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name)
            .AddCheck<ProcessPoolHealthCheck>(ProcessPoolHealthCheck.Name);
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(5);
            options.Period = TimeSpan.FromSeconds(5);
        });
        services.TryAddSingleton<StoreWriteTracker>();
        TrackedJobStoreFactory.Apply(services);
        services.Configure<KestrelServerOptions>(kestrel => ApplyLimits(kestrel, server));
        return builder;
    }

    private static void Validate(TaskRpcServerOptions server)
    {
        if (server.Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Server:Port must be 0 to 65535, not {server.Port}.");
        }

        if (server.MaxMessageSize <= 0 || server.MaxStreamsPerConnection <= 0)
        {
            throw new InvalidOperationException("Server:MaxMessageSize and Server:MaxStreamsPerConnection must be positive.");
        }

        if (server.ResponseCompression is { } encoding && !ResponseCompression.IsSupported(encoding))
        {
            throw new InvalidOperationException($"Server:ResponseCompression must be 'gzip' or 'deflate', not '{encoding}'.");
        }

        if (server.RequestBodyGracePeriod <= TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException("Server:RequestBodyGracePeriod must be longer than 1 second.");
        }
    }

    private static void ApplyLimits(KestrelServerOptions kestrel, TaskRpcServerOptions server)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestHeadersTotalSize = server.MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = server.MaxRequestHeaderCount;
        limits.RequestHeadersTimeout = server.RequestHeadersTimeout;
        limits.KeepAliveTimeout = server.IdleConnectionTimeout;
        limits.MinRequestBodyDataRate = server.MinRequestBodyDataRate > 0 ? new MinDataRate(server.MinRequestBodyDataRate, server.RequestBodyGracePeriod) : null;
        limits.Http2.MaxStreamsPerConnection = server.MaxStreamsPerConnection;
        limits.Http2.MaxRequestHeaderFieldSize = server.MaxRequestHeaderFieldSize;
        limits.Http2.KeepAlivePingDelay = server.KeepAlivePingDelay;
        limits.Http2.KeepAlivePingTimeout = server.KeepAlivePingTimeout;
    }
}
