using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRpc.Engine;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Server;

/// <summary>
/// The server's entry point: with <c>--worker</c> the process is a process-pool worker (built from
/// the same engine and task registrations as the server, without Kestrel); otherwise it is the
/// server, whose process pool starts this same executable as its workers.
/// </summary>
public static class TaskRpcProgram
{
    /// <summary>
    /// Runs the server, or a worker when <paramref name="args"/> hold <c>--worker</c>. <c>--help</c>
    /// prints the options (exit code 0); an option that is neither one of them nor a
    /// <c>--Section:Key</c> configuration key stops the start with one line naming it (exit code 2).
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="configureServices">Adds the host's own tasks (run in the server and in every worker).</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (TaskRpcWorker.IsWorker(args))
        {
            return await TaskRpcWorker.RunAsync(args, (configuration, services) =>
            {
                services.AddTaskRpc(options => configuration.GetSection("Engine").Bind(options));
                configureServices?.Invoke(services);
            }).ConfigureAwait(false);
        }

        if (ServerCommandLine.Check(args, Console.Out, Console.Error) is { } exitCode)
        {
            return exitCode;
        }

        try
        {
            var app = TaskRpcServer.Build(args, services =>
            {
                TaskRpcWorker.AddSelfAsWorker(services, args);
                configureServices?.Invoke(services);
            });
            // Open the job store before the host starts: a database that can't be opened or reached
            // then ends the start with the one line below, not the host's logged stack trace.
            app.Services.GetRequiredService<IJobStore>();
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception failure) when (IsStartupError(failure))
        {
            // A problem the operator can fix (configuration, database file, port): one clear line.
            await Console.Error.WriteLineAsync($"taskrpc: cannot start: {Describe(failure)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static bool IsStartupError(Exception failure) => failure is
        TaskRpcException or OptionsValidationException or InvalidOperationException or IOException
        or System.Net.Sockets.SocketException or System.Security.Cryptography.CryptographicException;

    private static string Describe(Exception failure)
    {
        var message = failure.Message;
        for (var inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += " " + inner.Message;
            }
        }

        return message;
    }
}
