using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TaskRpc.Client;

/// <summary>Registers <see cref="TaskRpcClient"/> in a service collection.</summary>
public static class TaskRpcClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="TaskRpcClient"/> (a singleton, disposed with the container),
    /// configured by <paramref name="configure"/> and by any <c>Configure&lt;TaskRpcClientOptions&gt;</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; default null (the defaults: http://127.0.0.1:50051).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTaskRpcClient(this IServiceCollection services, Action<TaskRpcClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TaskRpcClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new TaskRpcClient(provider.GetRequiredService<IOptions<TaskRpcClientOptions>>().Value));
        return services;
    }
}
