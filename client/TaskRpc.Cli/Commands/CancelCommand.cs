using System.CommandLine;
using Spectre.Console;
using TaskRpc.Cli.Output;
using TaskRpc.Client;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary>
/// <c>taskrpc cancel ID [--reason TEXT] [--timeout SECONDS | --no-wait]</c>. A running job stays
/// RUNNING until its handler has stopped (a worker process may take the grace period and a kill),
/// so the command waits, bounded, for the job's end and reports the state that is true; past the
/// bound, or with --no-wait, it says the job is being cancelled.
/// </summary>
internal static class CancelCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobCommands.IdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the job's error" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Wait at most this many seconds for the job to stop (default 10)",
            DefaultValueFactory = _ => 10,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 86_400)
            {
                result.AddError("--timeout must be 0 to 86400 seconds.");
            }
        });
        var noWait = new Option<bool>("--no-wait") { Description = "Do not wait for the job to stop; report it as cancelling" };
        var command = new Command("cancel", "Cancel a job and wait for it to stop (exit 0, also when it had already ended)") { id, reason, timeout, noWait };
        return runner.Bind(command, async (parse, context, cancellationToken) =>
        {
            var job = await JobCommands.FindAsync(context, parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            var cancelled = await job.CancelAsync(parse.GetValue(reason), cancellationToken).ConfigureAwait(false);
            var now = cancelled && !parse.GetValue(noWait)
                ? await WaitBoundedAsync(job, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken).ConfigureAwait(false)
                : await job.GetAsync(cancellationToken).ConfigureAwait(false);
            context.Jobs.Write(new CancelJobResponse { Job = now, Cancelled = cancelled }, () => context.Console.MarkupLine(Describe(job.Id, cancelled, now.State)));
            return ExitCodes.Succeeded;
        });
    }

    /// <summary>The job once it has ended, or as it is when <paramref name="bound"/> has passed.</summary>
    private static async Task<Job> WaitBoundedAsync(RemoteJob job, TimeSpan bound, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        try
        {
            return await job.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await job.GetAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(string id, bool cancelled, JobState state)
    {
        var job = $"[bold]{Markup.Escape(id)}[/]";
        return (cancelled, state) switch
        {
            (false, _) => $"Job {job} had already ended: {StateNames.Markup(state)}",
            (true, JobState.Cancelled) => $"Cancelled {job}: {StateNames.Markup(state)}",
            (true, JobState.Queued or JobState.Running) => $"Cancelling {job} (the handler is being stopped): {StateNames.Markup(state)}",
            _ => $"Job {job} ended {StateNames.Markup(state)} before the cancel took effect",
        };
    }
}
