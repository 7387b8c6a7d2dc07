using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Storage.InMemory;

namespace TaskRpc.Engine;

/// <summary>Registers the in-memory job store (the durable ones are in TaskRpc.Storage.Sqlite and TaskRpc.Storage.PostgreSql).</summary>
public static class InMemoryJobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the in-memory job store in place of any other store: every job is lost when the
    /// process ends; what the retained jobs take is limited by <see cref="InMemoryJobStoreOptions.MaxSizeBytes"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="InMemoryJobStoreOptions"/>; or null for the defaults.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInMemoryJobStore(this IServiceCollection services, Action<InMemoryJobStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<InMemoryJobStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services.Replace(ServiceDescriptor.Singleton<IJobStore>(InMemoryJobStore.Create));
    }
}
