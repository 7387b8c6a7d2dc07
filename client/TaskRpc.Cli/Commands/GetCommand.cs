using System.CommandLine;

namespace TaskRpc.Cli.Commands;

/// <summary><c>taskrpc get ID</c>: the job as it is now.</summary>
internal static class GetCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobCommands.IdArgument();
        return runner.Bind(new Command("get", "Show a job as it is now (exit 0 when found)") { id }, async (parse, context, cancellationToken) =>
        {
            var job = await JobCommands.FindAsync(context, parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            context.Jobs.WriteJob(await job.GetAsync(cancellationToken).ConfigureAwait(false));
            return ExitCodes.Succeeded;
        });
    }
}
