using System.CommandLine;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary><c>taskrpc tasks</c>: the tasks the server runs.</summary>
internal static class TasksCommand
{
    public static Command Create(CommandRunner runner) =>
        runner.Bind(new Command("tasks", "List the tasks the server runs, with their args"), async (_, context, cancellationToken) =>
        {
            var response = new ListTasksResponse();
            response.Tasks.AddRange(await context.Client.ListTasksAsync(cancellationToken).ConfigureAwait(false));
            context.Jobs.WriteTasks(response);
            return ExitCodes.Succeeded;
        });
}
