using System.CommandLine;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary><c>taskrpc list [--state STATE] [--task TASK] [--limit N]</c>: jobs, newest first.</summary>
internal static class ListCommand
{
    public static Command Create(CommandRunner runner)
    {
        var state = new Option<string?>("--state") { Description = "Only jobs in this state" };
        state.AcceptOnlyFromAmong("queued", "running", "succeeded", "failed", "cancelled");
        var task = new Option<string?>("--task") { Description = "Only jobs of this task" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many jobs (default 20)", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        return runner.Bind(new Command("list", "List jobs, newest first") { state, task, limit }, async (parse, context, cancellationToken) =>
        {
            var filter = Enum.Parse<JobState>(parse.GetValue(state) ?? nameof(JobState.Unspecified), ignoreCase: true);
            var response = new ListJobsResponse();
            await foreach (var job in context.Client.ListJobsAsync(filter, parse.GetValue(task), cancellationToken).ConfigureAwait(false))
            {
                response.Jobs.Add(job);
                if (response.Jobs.Count == parse.GetValue(limit))
                {
                    break;
                }
            }

            context.Jobs.Write(response, () => context.Jobs.WriteJobs(response.Jobs));
            return ExitCodes.Succeeded;
        });
    }
}
