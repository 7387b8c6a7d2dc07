using Spectre.Console;
using TaskRpc.Client;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Output;

/// <summary>
/// Follows a job's events to its end: a live progress bar on a terminal, one plain line per event
/// when standard output is not a terminal (or NO_COLOR is set), one JSON line per event with
/// --json. The stream resumes by itself after a reconnect.
/// </summary>
internal static class ProgressView
{
    public static async Task FollowAsync(CliContext context, RemoteJob job, ulong fromSequence, CancellationToken cancellationToken)
    {
        if (context.Json)
        {
            await foreach (var jobEvent in job.WatchAsync(fromSequence, cancellationToken).ConfigureAwait(false))
            {
                context.Output.WriteLine(ContractJson.Format(jobEvent));
            }

            return;
        }

        if (!context.Streams.CanAnimate)
        {
            await foreach (var jobEvent in job.WatchAsync(fromSequence, cancellationToken).ConfigureAwait(false))
            {
                context.Output.WriteLine(DescribePlain(job, jobEvent));
            }

            return;
        }

        await context.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(Describe(job, "waiting"), maxValue: 100);
                await foreach (var jobEvent in job.WatchAsync(fromSequence, cancellationToken).ConfigureAwait(false))
                {
                    Apply(bar, job, jobEvent);
                }

                bar.StopTask();
            })
            .ConfigureAwait(false);
    }

    private static void Apply(ProgressTask bar, RemoteJob job, JobEvent jobEvent)
    {
        if (jobEvent.Progress is { } report)
        {
            bar.Value = Math.Clamp(report.Fraction, 0, 1) * 100;
            bar.Description = Describe(job, report.Message);
        }
        else if (jobEvent.StateChange is { } change)
        {
            if (change.State == JobState.Succeeded)
            {
                bar.Value = 100;
            }

            bar.Description = Describe(job, StateNames.Markup(change.State), escape: false);
        }
    }

    private static string DescribePlain(RemoteJob job, JobEvent jobEvent)
    {
        var status = jobEvent.Progress is { } report
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Clamp(report.Fraction, 0, 1) * 100:0}% {report.Message}")
            : StateNames.Name(jobEvent.StateChange?.State ?? JobState.Unspecified);
        return $"{job.TaskName} {job.Id} {status}".ReplaceLineEndings(" ").TrimEnd();
    }

    private static string Describe(RemoteJob job, string status, bool escape = true) =>
        $"{Markup.Escape(job.TaskName)} {Markup.Escape(job.Id)} {(escape ? Markup.Escape(status) : status)}";
}
