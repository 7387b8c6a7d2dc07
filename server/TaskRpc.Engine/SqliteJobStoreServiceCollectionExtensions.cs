using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Storage.InMemory;
using TaskRpc.Engine.Storage.Sqlite;

namespace TaskRpc.Engine;

/// <summary>Chooses the engine's <see cref="IJobStore"/>: SQLite (durable) or in-memory.</summary>
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

    /// <summary>
    /// Registers the store a configuration section asks for: <c>Kind</c> is <c>sqlite</c> (the
    /// default) or <c>memory</c>; the rest binds to <see cref="SqliteJobStoreOptions"/> (e.g. <c>Path</c>)
    /// or <see cref="InMemoryJobStoreOptions"/> (<c>MaxSizeBytes</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section, usually <c>Store</c>.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidOperationException"><c>Kind</c> names no store.</exception>
    public static IServiceCollection AddJobStore(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var kindText = section["Kind"];
        var kind = string.IsNullOrWhiteSpace(kindText)
            ? JobStoreKind.Sqlite
            : Enum.TryParse<JobStoreKind>(kindText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"Store:Kind (--store) must be 'sqlite' or 'memory', not '{kindText}'.");
        return kind == JobStoreKind.Memory
            ? services.AddInMemoryJobStore(section.Bind)
            : services.AddSqliteJobStore(section.Bind);
    }

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
