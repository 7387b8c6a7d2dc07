using System.CommandLine;
using TaskRpc.Cli.Output;

namespace TaskRpc.Cli.Commands;

/// <summary><c>taskrpc watch ID [--from N]</c>: a live progress bar (or JSON lines) until the job ends.</summary>
internal static class WatchCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobCommands.IdArgument();
        var from = new Option<ulong>("--from") { Description = "The first event sequence number to show (default: the whole history)" };
        var command = new Command("watch", "Follow a job's progress until it ends; the exit code tells how it ended") { id, from };
        return runner.Bind(command, async (parse, context, cancellationToken) =>
        {
            var job = await JobCommands.FindAsync(context, parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            await ProgressView.FollowAsync(context, job, parse.GetValue(from), cancellationToken).ConfigureAwait(false);
            var ended = await job.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!context.Json)
            {
                context.Jobs.WriteJob(ended);
            }

            return ExitCodes.ForState(ended.State);
        });
    }
}
