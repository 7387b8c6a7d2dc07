using System.CommandLine;
using System.Globalization;
using TaskRpc.Client;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary><c>taskrpc wait ID... [--return-when WHEN] [--timeout SECONDS]</c>: asyncio.wait from the shell.</summary>
internal static class WaitCommand
{
    private const string AllCompleted = "all-completed";
    private const string FirstCompleted = "first-completed";
    private const string FirstException = "first-exception";

    public static Command Create(CommandRunner runner)
    {
        var ids = new Argument<string[]>("ids") { Description = "The jobs' ids", Arity = ArgumentArity.OneOrMore };
        var returnWhen = new Option<string>("--return-when")
        {
            Description = "When to return (default all-completed)",
            DefaultValueFactory = _ => AllCompleted,
        };
        returnWhen.AcceptOnlyFromAmong(AllCompleted, FirstCompleted, FirstException);
        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds (exit 6 if still not done)" };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is < 0 or > 86_400)
            {
                result.AddError("--timeout must be 0 to 86400 seconds.");
            }
        });
        var command = new Command("wait", "Wait for jobs; the exit code tells how they ended (6: timed out)") { ids, returnWhen, timeout };
        return runner.Bind(command, async (parse, context, cancellationToken) =>
        {
            var jobs = new List<RemoteJob>();
            foreach (var id in parse.GetValue(ids)!.Distinct(StringComparer.Ordinal))
            {
                jobs.Add(await JobCommands.FindAsync(context, id, cancellationToken).ConfigureAwait(false));
            }

            var when = parse.GetValue(returnWhen) switch
            {
                FirstCompleted => ReturnWhen.FirstCompleted,
                FirstException => ReturnWhen.FirstException,
                _ => ReturnWhen.AllCompleted,
            };
            var seconds = parse.GetValue(timeout);
            var (done, pending) = await TaskRpcCombinators.WaitAsync(jobs, when, seconds is { } s ? TimeSpan.FromSeconds(s) : null, cancellationToken)
                .ConfigureAwait(false);
            var response = new WaitJobsResponse();
            response.Done.AddRange(await SnapshotsAsync(done, cancellationToken).ConfigureAwait(false));
            response.Pending.AddRange(await SnapshotsAsync(pending, cancellationToken).ConfigureAwait(false));
            context.Jobs.Write(response, () => context.Jobs.WriteJobs(response.Done.Concat(response.Pending)));
            if (!IsMet(when, response))
            {
                await context.Streams.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"taskrpc: the timeout ({seconds} s) passed; {response.Pending.Count} of {jobs.Count} jobs still pending.")).ConfigureAwait(false);
                return ExitCodes.TimedOut;
            }

            return ExitCodes.ForStates(response.Done.Select(job => job.State));
        });
    }

    private static async Task<List<Job>> SnapshotsAsync(IEnumerable<RemoteJob> jobs, CancellationToken cancellationToken)
    {
        var snapshots = new List<Job>();
        foreach (var job in jobs)
        {
            snapshots.Add(await job.GetAsync(cancellationToken).ConfigureAwait(false));
        }

        return snapshots;
    }

    private static bool IsMet(ReturnWhen when, WaitJobsResponse response) => when switch
    {
        ReturnWhen.FirstCompleted => response.Done.Count > 0,
        ReturnWhen.FirstException => response.Pending.Count == 0 || response.Done.Any(job => job.State is JobState.Failed or JobState.Cancelled),
        _ => response.Pending.Count == 0,
    };
}
