using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>Registers the durable SQLite job store.</summary>
public static class SqliteJobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the durable SQLite job store in place of any other store. It opens its file when
    /// first resolved (when the engine starts); a file that can't be used fails the start with a
    /// <c>StoreUnavailableException</c> that names the file and the cause.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="SqliteJobStoreOptions"/>; or null for the defaults.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSqliteJobStore(this IServiceCollection services, Action<SqliteJobStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SqliteJobStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<IJobStore>(static provider => SqliteJobStore.Open(
            provider.GetRequiredService<IOptions<SqliteJobStoreOptions>>().Value,
            provider.GetRequiredService<ILogger<SqliteJobStore>>())));
        return services;
    }
}
