using System.CommandLine;
using Spectre.Console;
using TaskRpc.Cli.Output;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary><c>taskrpc cancel ID [--reason TEXT]</c>.</summary>
internal static class CancelCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobCommands.IdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the job's error" };
        return runner.Bind(new Command("cancel", "Cancel a job (exit 0, also when it had already ended)") { id, reason }, async (parse, context, cancellationToken) =>
        {
            var job = await JobCommands.FindAsync(context, parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            var cancelled = await job.CancelAsync(parse.GetValue(reason), cancellationToken).ConfigureAwait(false);
            var now = await job.GetAsync(cancellationToken).ConfigureAwait(false);
            context.Jobs.Write(new CancelJobResponse { Job = now, Cancelled = cancelled }, () => context.Console.MarkupLine(cancelled
                ? $"Cancelled [bold]{Markup.Escape(job.Id)}[/], now {StateNames.Markup(now.State)}"
                : $"Job [bold]{Markup.Escape(job.Id)}[/] had already ended: {StateNames.Markup(now.State)}"));
            return ExitCodes.Succeeded;
        });
    }
}
