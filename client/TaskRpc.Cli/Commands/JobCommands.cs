using System.CommandLine;
using TaskRpc.Client;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary>What the commands about one job share: the id argument, and writing a job's end.</summary>
internal static class JobCommands
{
    public static Argument<string> IdArgument() => new("id") { Description = "The job's id" };

    /// <summary>Waits for the job's end, writes it, and returns the exit code for its state.</summary>
    public static async Task<int> WriteEndAsync(CliContext context, RemoteJob job, CancellationToken cancellationToken)
    {
        var ended = await job.WaitAsync(cancellationToken).ConfigureAwait(false);
        context.Jobs.WriteJob(ended);
        return ExitCodes.ForState(ended.State);
    }

    public static Task<RemoteJob<Payload>> FindAsync(CliContext context, string id, CancellationToken cancellationToken) =>
        context.Client.GetJobAsync<Payload>(id, cancellationToken);
}
