using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Executors.Processes.Worker;

namespace TaskRpc.Engine;

/// <summary>
/// Worker mode of a TaskRpc host: the Processes executor starts the host's own executable with
/// <see cref="Switch"/>, and the host's entry point hands such a start to <see cref="RunAsync"/>
/// with the same registrations as the server, so every registered task runs in the worker.
/// </summary>
public static class TaskRpcWorker
{
    /// <summary>The command-line switch that starts a host as a process-pool worker.</summary>
    public const string Switch = WorkerLaunch.Switch;

    /// <summary>Whether <paramref name="args"/> start a worker.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>True when <see cref="Switch"/> is among them.</returns>
    public static bool IsWorker(IReadOnlyList<string> args) => args?.Contains(Switch, StringComparer.Ordinal) == true;

    /// <summary>
    /// Makes this process the pool's default worker command: its own executable with
    /// <see cref="Switch"/> and <paramref name="args"/> (so workers see the server's configuration).
    /// Call it from a host whose entry point handles <see cref="Switch"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="args">The server's command-line arguments.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSelfAsWorker(IServiceCollection services, IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        return services.AddSingleton(WorkerLaunch.Self(args));
    }

    /// <summary>
    /// Runs this process as a worker until its stdin ends (the server closed it, or died). The
    /// protocol owns stdout; <see cref="Console.Out"/> and logs go to stderr. Configuration comes
    /// from appsettings.json, environment variables and <paramref name="args"/> (without
    /// <see cref="Switch"/>), as for the server.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="configureServices">Registers the engine and the tasks exactly as the server does (it must call <c>AddTaskRpc</c>).</param>
    /// <param name="cancellationToken">Stops the worker.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string[] args, Action<IConfiguration, IServiceCollection> configureServices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configureServices);
        var output = Console.OpenStandardOutput();
        var input = Console.OpenStandardInput();
        Console.SetOut(Console.Error);
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != Switch)])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        configureServices(configuration, services);
        var provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            var worker = ActivatorUtilities.CreateInstance<ProcessWorker>(provider);
            var heartbeat = long.TryParse(Environment.GetEnvironmentVariable(WorkerLaunch.HeartbeatVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
                ? TimeSpan.FromMilliseconds(ms)
                : TimeSpan.FromSeconds(1);
            return await worker.RunAsync(input, output, heartbeat, cancellationToken).ConfigureAwait(false);
        }
    }
}
