using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskRpc.Grpc.Health;
using TaskRpc.Grpc.Reflection;

namespace TaskRpc.Grpc;

/// <summary>Registers the gRPC server layer and services in DI.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server layer with its options.</summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcServerOptions>().Validate(
            static o =>
            {
                o.Validate();
                return true;
            });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    /// <summary>Adds a service implementation, bound by <c>MapGrpcServices()</c>.</summary>
    public static IServiceCollection AddGrpcService<TService>(this IServiceCollection services)
        where TService : class, IGrpcService
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcService, TService>(static sp => sp.GetRequiredService<TService>()));
        return services;
    }

    /// <summary>
    /// Adds grpc.health.v1.Health. Set statuses through <see cref="HealthStatusRegistry"/>; the
    /// overall status ("") is SERVING from the start.
    /// </summary>
    public static IServiceCollection AddGrpcHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<HealthStatusRegistry>();
        return services.AddGrpcService<HealthService>();
    }

    /// <summary>Adds server reflection, grpc.reflection.v1 and v1alpha, describing every added service.</summary>
    public static IServiceCollection AddGrpcReflection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ReflectionIndex>();
        services.AddGrpcService<ReflectionServiceV1>();
        return services.AddGrpcService<ReflectionServiceV1Alpha>();
    }

    internal static GrpcServerOptions GetGrpcServerOptions(this IServiceProvider services) =>
        services.GetService<IOptions<GrpcServerOptions>>()?.Value ?? new GrpcServerOptions();
}
