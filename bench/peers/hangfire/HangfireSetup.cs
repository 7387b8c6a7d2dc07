using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;

namespace TaskRpc.Bench.Hangfire;

/// <summary>Hangfire as its documentation sets it up (1.8 data format, simple type names, recommended JSON settings) plus the tracking filter, on one storage.</summary>
internal static class HangfireSetup
{
    /// <summary>
    /// Configures Hangfire for <paramref name="storage"/> (<c>postgres</c>: Hangfire.PostgreSql on
    /// <paramref name="connection"/>, schema created on first use, an idle worker polls the queue
    /// every second (its default is 15 s), as our nodes poll; with <paramref name="longPolling"/>
    /// also its LISTEN/NOTIFY wake-up (<c>EnableLongPolling</c>: a NOTIFY per enqueue, a listening
    /// connection per waiting fetch), the option for low latency; <c>memory</c>: Hangfire.InMemory,
    /// defaults) and returns the storage.
    /// </summary>
    public static JobStorage Configure(string storage, string connection, JobTracker tracker, bool longPolling)
    {
        var configuration = GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseFilter(tracker);
        switch (storage)
        {
            case "postgres":
                configuration.UsePostgreSqlStorage(
                    options => options.UseNpgsqlConnection(connection),
                    new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1), EnableLongPolling = longPolling, PrepareSchemaIfNecessary = true });
                break;
            case "memory":
                configuration.UseInMemoryStorage(new InMemoryStorageOptions());
                break;
            default:
                throw new ArgumentException($"Unknown storage '{storage}': postgres or memory.", nameof(storage));
        }

        return JobStorage.Current;
    }

    /// <summary>Hangfire's own default worker count (<see cref="BackgroundJobServerOptions.WorkerCount"/>) on this machine.</summary>
    public static int DefaultWorkers => new BackgroundJobServerOptions().WorkerCount;

    /// <summary>A Hangfire server in this process with <paramref name="workers"/> workers on the default queue.</summary>
    public static BackgroundJobServer StartServer(JobStorage storage, int workers) =>
        new(new BackgroundJobServerOptions { WorkerCount = workers }, storage);
}
