using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Engine;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Storage.InMemory;
using TaskRpc.Storage.PostgreSql;
using TaskRpc.Storage.Sqlite;

namespace TaskRpc.Server;

/// <summary>Chooses the server's <see cref="IJobStore"/> from configuration: SQLite (the default), in-memory or PostgreSQL.</summary>
public static class JobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store a configuration section asks for: <c>Kind</c> is <c>sqlite</c> (the
    /// default), <c>memory</c> or <c>postgres</c>; the rest binds to that store's options:
    /// <see cref="SqliteJobStoreOptions"/> (e.g. <c>Path</c>), <see cref="InMemoryJobStoreOptions"/> (<c>MaxSizeBytes</c>)
    /// or <see cref="PostgresJobStoreOptions"/> (<c>ConnectionString</c>, <c>Schema</c>).
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
                : throw new InvalidOperationException($"Store:Kind (--store) must be 'sqlite', 'memory' or 'postgres', not '{kindText}'.");
        return kind switch
        {
            JobStoreKind.Memory => services.AddInMemoryJobStore(section.Bind),
            JobStoreKind.Postgres => services.AddPostgresJobStore(section.Bind),
            _ => services.AddSqliteJobStore(section.Bind),
        };
    }
}
