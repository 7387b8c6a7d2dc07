using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>Registers the PostgreSQL job store.</summary>
public static class PostgresJobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL job store in place of any other store. It connects and creates or
    /// migrates its schema when first resolved (when the engine starts); a database that can't be
    /// reached or used fails the start with a <c>StoreUnavailableException</c> that names the
    /// server, the database and the cause.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="PostgresJobStoreOptions"/>; its connection string is required.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPostgresJobStore(this IServiceCollection services, Action<PostgresJobStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresJobStoreOptions>().Configure(configure);
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<IJobStore>(static provider => PostgresJobStore.Open(
            provider.GetRequiredService<IOptions<PostgresJobStoreOptions>>().Value,
            provider.GetRequiredService<ILogger<PostgresJobStore>>())));
        return services;
    }
}
